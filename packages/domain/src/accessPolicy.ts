import type { Label, Labels, Profession } from './vocabulary';
import { isOneOf, PROFESSIONS, validateEnum } from './vocabulary';
import type { Finding } from './checks';
import type { RuleViolation } from './violations';

// Profession and access policy (behörighetspolicy): which profession (yrkesroll) may read, write,
// sign and sign on a mobile device in which information category. A row owned by an organisation
// is that organisation's policy; rows owned by the region are the regional default, which applies
// to every organisation without its own row for that profession and category.

export const POLICY_PERMISSIONS = ['read', 'write', 'sign', 'sign_mobile'] as const;
export type PolicyPermission = (typeof POLICY_PERMISSIONS)[number];
export const POLICY_PERMISSION_LABELS: Labels<PolicyPermission> = {
  read: { en: 'Read', sv: 'Läsa' },
  write: { en: 'Write', sv: 'Skriva' },
  sign: { en: 'Sign', sv: 'Signera' },
  sign_mobile: { en: 'Sign on a mobile device', sv: 'Signera i mobil enhet' },
};

/** The policy column that grants each permission. */
export const PERMISSION_COLUMNS = {
  read: 'mayRead',
  write: 'mayWrite',
  sign: 'maySign',
  sign_mobile: 'maySignMobile',
} as const satisfies Record<PolicyPermission, string>;

export interface AccessPolicyFacts {
  id: number;
  ownerOrgId: number;
  profession: string;
  categoryId: number;
  mayRead: boolean;
  mayWrite: boolean;
  maySign: boolean;
  maySignMobile: boolean;
}

/**
 * The permission a logged action needs. Reading, printing, copying, exporting and disclosing all
 * show the information, so they need read; creating and updating need write; signing needs sign,
 * or sign on mobile when done on a mobile device. The log-review selection's SQL uses the same
 * mapping. An action outside the log's vocabulary needs nothing this policy can judge.
 */
export function permissionForAction(action: string, device: string): PolicyPermission | null {
  switch (action) {
    case 'read':
    case 'print':
    case 'copy':
    case 'export':
    case 'disclose':
      return 'read';
    case 'create':
    case 'update':
      return 'write';
    case 'sign':
      return device === 'mobile' ? 'sign_mobile' : 'sign';
    default:
      return null;
  }
}

/**
 * The policy that applies to `profession` in `categoryId` for information owned by
 * `organisationId`: the organisation's own row, else the region's default, else none.
 */
export function effectivePolicy<P extends AccessPolicyFacts>(
  policies: readonly P[],
  organisationId: number,
  regionId: number | null,
  profession: string,
  categoryId: number,
): P | null {
  const matching = (owner: number | null) =>
    owner === null ? undefined : policies.find((p) => p.ownerOrgId === owner && p.profession === profession && p.categoryId === categoryId);
  return matching(organisationId) ?? matching(regionId) ?? null;
}

export function grants(policy: AccessPolicyFacts, permission: PolicyPermission): boolean {
  return policy[PERMISSION_COLUMNS[permission]];
}

export type AccessJudgement =
  | { kind: 'not_judged' }
  | { kind: 'permitted'; policy: AccessPolicyFacts; permission: PolicyPermission }
  | { kind: 'not_permitted'; policy: AccessPolicyFacts; permission: PolicyPermission };

/**
 * Whether a logged action was one the user's profession may perform. Only a policy row can deny:
 * without one for (data owner, profession, category), or with a profession or action the policy
 * vocabulary does not know, the entry is not judged at all.
 */
export function judgeLoggedAction<P extends AccessPolicyFacts>(
  policies: readonly P[],
  regionId: number | null,
  entry: { dataOwnerId: number; profession: string | null; categoryId: number; action: string; device: string },
): AccessJudgement {
  if (entry.profession === null || !isOneOf(entry.profession, PROFESSIONS)) return { kind: 'not_judged' };
  const permission = permissionForAction(entry.action, entry.device);
  if (permission === null) return { kind: 'not_judged' };
  const policy = effectivePolicy(policies, entry.dataOwnerId, regionId, entry.profession, entry.categoryId);
  if (policy === null) return { kind: 'not_judged' };
  return { kind: grants(policy, permission) ? 'permitted' : 'not_permitted', policy, permission };
}

export function validateAccessPolicy(p: { profession: string | null }): RuleViolation[] {
  return validateEnum(p.profession, PROFESSIONS, 'profession');
}

/** Professions in the plural, as a finding counts them ("12 läsningar … av undersköterskor"). */
export const PROFESSION_PLURALS: Labels<Profession> = {
  nurse: { en: 'nurses', sv: 'sjuksköterskor' },
  nursing_assistant: { en: 'nursing assistants', sv: 'undersköterskor' },
  physician: { en: 'physicians', sv: 'läkare' },
  school_nurse: { en: 'school nurses', sv: 'skolsköterskor' },
  school_doctor: { en: 'school doctors', sv: 'skolläkare' },
  psychologist: { en: 'psychologists', sv: 'psykologer' },
  social_worker: { en: 'social workers', sv: 'kuratorer' },
  occupational_therapist: { en: 'occupational therapists', sv: 'arbetsterapeuter' },
  physiotherapist: { en: 'physiotherapists', sv: 'fysioterapeuter' },
  dietitian: { en: 'dietitians', sv: 'dietister' },
  speech_therapist: { en: 'speech therapists', sv: 'logopeder' },
  medical_secretary: { en: 'medical secretaries', sv: 'medicinska sekreterare' },
  pharmacist: { en: 'pharmacists', sv: 'farmaceuter' },
  other: { en: 'staff of other professions', sv: 'personal med annan yrkesroll' },
};

/** Logged actions counted: one and many. */
export const ACTION_COUNTS: Record<string, { one: Label; many: Label }> = {
  read: { one: { en: 'read', sv: 'läsning' }, many: { en: 'reads', sv: 'läsningar' } },
  create: { one: { en: 'creation', sv: 'registrering' }, many: { en: 'creations', sv: 'registreringar' } },
  update: { one: { en: 'update', sv: 'ändring' }, many: { en: 'updates', sv: 'ändringar' } },
  sign: { one: { en: 'signature', sv: 'signering' }, many: { en: 'signatures', sv: 'signeringar' } },
  print: { one: { en: 'print', sv: 'utskrift' }, many: { en: 'prints', sv: 'utskrifter' } },
  copy: { one: { en: 'copy', sv: 'kopiering' }, many: { en: 'copies', sv: 'kopieringar' } },
  disclose: { one: { en: 'disclosure', sv: 'utlämnande' }, many: { en: 'disclosures', sv: 'utlämnanden' } },
  export: { one: { en: 'export', sv: 'export' }, many: { en: 'exports', sv: 'exporter' } },
};

/** One (data owner, profession, category, action) whose logged entries the effective policy denies, counted in SQL. */
export interface NotPermittedGroup {
  policyId: number;
  dataOwnerId: number;
  profession: string;
  categoryId: number;
  action: string;
  count: number;
  /** How many of them were done on a mobile device (signing on one is a permission of its own). */
  mobileCount: number;
}

/**
 * The findings of the check `log_action_not_permitted`: one per group, about the policy row that
 * denies it, counted and never naming a user or a patient. `organisations` holds the names the
 * viewer may see; a data owner outside it is left unnamed.
 */
export function notPermittedFindings(
  groups: readonly NotPermittedGroup[],
  organisations: ReadonlyMap<number, string>,
  categories: ReadonlyMap<number, { name: string; nameEn: string }>,
): Finding[] {
  return groups.map((g) => {
    const counted = ACTION_COUNTS[g.action] ?? { one: { en: g.action, sv: g.action }, many: { en: g.action, sv: g.action } };
    const noun = g.count === 1 ? counted.one : counted.many;
    const device =
      g.action !== 'sign'
        ? null
        : g.mobileCount === g.count
          ? { en: ' on a mobile device', sv: ' i mobil enhet' }
          : g.mobileCount === 0
            ? { en: ' on a desktop', sv: ' på dator' }
            : null;
    const who = isOneOf(g.profession, PROFESSIONS) ? PROFESSION_PLURALS[g.profession] : { en: g.profession, sv: g.profession };
    const category = categories.get(g.categoryId);
    const owner = organisations.get(g.dataOwnerId);
    return {
      check: 'log_action_not_permitted',
      entity: 'AccessPolicy',
      entityId: g.policyId,
      organisationId: owner === undefined ? null : g.dataOwnerId,
      message: `${owner ? `${owner}: ` : ''}${g.count} ${noun.en}${device?.en ?? ''} of ${category?.nameEn ?? 'a category'} by ${who.en}, which the policy does not permit.`,
      messageSv: `${owner ? `${owner}: ` : ''}${g.count} ${noun.sv}${device?.sv ?? ''} av ${category?.name ?? 'en informationsmängd'} av ${who.sv}, som policyn inte tillåter.`,
    };
  });
}
