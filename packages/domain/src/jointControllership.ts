import { isBlank } from './text';
import { AGREEMENT_STATUSES, validateEnum } from './vocabulary';
import { violation, type RuleViolation } from './violations';

export interface JointControllershipFacts {
  governingBody: string | null;
  contactPoint: string | null;
  publicSummary: string | null;
  status: string;
}

/** GDPR art. 26 needs two or more controllers; the rest the article asks to be arranged and made public. */
export type JointControllershipGap =
  'joint_controllership.party_missing' | 'joint_controllership.contact_point_missing' | 'joint_controllership.public_summary_missing';

/** Each gap as a plain phrase, for a sentence "… lacks: <phrase>; <phrase>." (never the code). */
export const JOINT_CONTROLLERSHIP_GAP_LABELS: Record<JointControllershipGap, { en: string; sv: string }> = {
  'joint_controllership.party_missing': {
    en: 'at least two joint controllers as parties',
    sv: 'minst två gemensamt personuppgiftsansvariga som parter',
  },
  'joint_controllership.contact_point_missing': {
    en: 'a contact point for data subjects',
    sv: 'en kontaktpunkt för de registrerade',
  },
  'joint_controllership.public_summary_missing': {
    en: 'a summary of the arrangement made available to data subjects',
    sv: 'en sammanfattning av arrangemanget som görs tillgänglig för de registrerade',
  },
};

/**
 * What an analyst's check lists for an arrangement of any status. Pass
 * expectedPartyCount (for SAMSA: the 49 municipalities and VGR) to flag one
 * whose parties are fewer than they should be.
 */
export function jointControllershipGaps(
  a: Pick<JointControllershipFacts, 'contactPoint' | 'publicSummary'>,
  partyCount: number,
  expectedPartyCount?: number,
): JointControllershipGap[] {
  const gaps: JointControllershipGap[] = [];
  if (partyCount < 2 || (expectedPartyCount !== undefined && partyCount < expectedPartyCount)) {
    gaps.push('joint_controllership.party_missing');
  }
  if (isBlank(a.contactPoint)) gaps.push('joint_controllership.contact_point_missing');
  if (isBlank(a.publicSummary)) gaps.push('joint_controllership.public_summary_missing');
  return gaps;
}

/** Drafts may be incomplete; an arrangement is held to art. 26 once it is signed. */
export function validateJointControllership(a: JointControllershipFacts, partyCount: number): RuleViolation[] {
  const found = validateEnum(a.status, AGREEMENT_STATUSES, 'status');
  if (a.status !== 'signed') return found;
  if (partyCount < 2) {
    found.push(
      violation(
        'parties',
        'joint_controllership.party_missing',
        `A joint controllership needs at least two controllers; this one has ${partyCount}.`,
        `Ett gemensamt personuppgiftsansvar kräver minst två personuppgiftsansvariga; här finns ${partyCount}.`,
      ),
    );
  }
  if (isBlank(a.contactPoint)) {
    found.push(
      violation(
        'contactPoint',
        'joint_controllership.contact_point_missing',
        'A signed joint controllership needs a contact point for data subjects.',
        'Ett undertecknat avtal om gemensamt personuppgiftsansvar behöver en kontaktpunkt för de registrerade.',
      ),
    );
  }
  if (isBlank(a.publicSummary)) {
    found.push(
      violation(
        'publicSummary',
        'joint_controllership.public_summary_missing',
        'A signed joint controllership needs a summary of the arrangement that is made available to data subjects.',
        'Ett undertecknat avtal om gemensamt personuppgiftsansvar behöver en sammanfattning som görs tillgänglig för de registrerade.',
      ),
    );
  }
  return found;
}
