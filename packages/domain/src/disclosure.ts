import type { LogScope } from './access';
import { validateDateField } from './fields';
import { isBlank } from './text';
import { DISCLOSURE_OUTCOMES, validateEnum } from './vocabulary';
import { violation, type RuleViolation } from './violations';

// A disclosure request (begäran om utlämnande) and its harm assessment (menprövning): who asked
// for which information asset, and whether it was released, partly released or denied, why, by
// whom and when. The `disclose` log entry that records the disclosure can be linked to it.

export interface DisclosureRequestInput {
  requester: string | null;
  requestedOn: string | null;
  outcome: string | null;
  reasoning: string | null;
  decidedBy: string | null;
  decidedOn: string | null;
  userLogEntryId: number | null;
}

/** What the rules need besides the row. `entry` is null when it does not exist or the writer may not see it: the two must answer alike. */
export interface DisclosureFacts {
  /** The asset's owner (the request's owner) and its category's harm-assessment flag; null when the asset is unknown. */
  asset: { ownerOrgId: number; harmAssessmentRequired: boolean } | null;
  entry: { action: string; dataOwnerId: number } | null;
  /** Whether the link is new or changed in this write (an unchanged link is not re-read). */
  linkChanged: boolean;
}

const DECISION_PARTS = [
  { field: 'outcome', en: 'the outcome', sv: 'utfallet' },
  { field: 'reasoning', en: 'the reasoning', sv: 'motiveringen' },
  { field: 'decidedBy', en: 'who decided', sv: 'vem som beslutade' },
  { field: 'decidedOn', en: 'the date of the decision', sv: 'beslutsdatumet' },
] as const;

/** The answer for a log entry that does not exist and for one the writer may not see: word for word the same. */
export function missingLogEntry(field = 'userLogEntryId'): RuleViolation {
  return violation(field, 'reference.missing', `${field}: the referenced row does not exist.`, `${field}: raden som det hänvisas till finns inte.`);
}

export function validateDisclosureRequest(r: DisclosureRequestInput, facts: DisclosureFacts): RuleViolation[] {
  const found = [
    ...validateEnum(r.outcome, DISCLOSURE_OUTCOMES, 'outcome'),
    ...validateDateField(r.requestedOn, 'requestedOn', { en: 'request date', sv: 'datum för begäran' }),
    ...validateDateField(r.decidedOn, 'decidedOn', { en: 'decision date', sv: 'beslutsdatum' }),
  ];
  if (facts.asset === null)
    found.push(violation('assetId', 'reference.missing', 'assetId: the referenced row does not exist.', 'assetId: raden som det hänvisas till finns inte.'));

  // A decision is one act: outcome, reasoning, decided by and date are recorded together or not at all.
  const given = DECISION_PARTS.filter((p) => !isBlank(r[p.field] as string | null));
  if (given.length > 0 && given.length < DECISION_PARTS.length) {
    for (const part of DECISION_PARTS) {
      if (given.includes(part)) continue;
      found.push(
        violation(
          part.field,
          'disclosure.decision_incomplete',
          `A harm assessment records its outcome, reasoning, who decided and when together; ${part.en} is missing.`,
          `En menprövning anger utfall, motivering, beslutsfattare och datum tillsammans; ${part.sv} saknas.`,
        ),
      );
    }
  }
  if (r.requestedOn && r.decidedOn && r.decidedOn < r.requestedOn) {
    found.push(
      violation(
        'decidedOn',
        'disclosure.decided_before_request',
        `The decision (${r.decidedOn}) cannot precede the request (${r.requestedOn}).`,
        `Beslutet (${r.decidedOn}) kan inte fattas före begäran (${r.requestedOn}).`,
      ),
    );
  }

  if (r.userLogEntryId === null) return found;
  if (facts.linkChanged) {
    if (facts.entry === null) return [...found, missingLogEntry()];
    if (facts.entry.action !== 'disclose') {
      found.push(
        violation(
          'userLogEntryId',
          'disclosure.entry_not_disclose',
          `Only a disclose entry of the user log can record a disclosure; this entry records "${facts.entry.action}".`,
          `Bara en loggpost om utlämnande kan registrera ett utlämnande; posten gäller "${facts.entry.action}".`,
        ),
      );
    }
    if (facts.asset && facts.entry.dataOwnerId !== facts.asset.ownerOrgId) {
      found.push(
        violation(
          'userLogEntryId',
          'disclosure.entry_other_owner',
          'The log entry is about another information owner’s data than the requested asset.',
          'Loggposten gäller en annan informationsägares uppgifter än den begärda informationstillgången.',
        ),
      );
    }
  }
  if (r.outcome === 'deny') {
    found.push(
      violation(
        'userLogEntryId',
        'disclosure.denied_not_disclosed',
        'The request was denied: no disclosure can be linked to it.',
        'Begäran avslogs: inget utlämnande kan kopplas till den.',
      ),
    );
  } else if (facts.asset?.harmAssessmentRequired && r.outcome !== 'release' && r.outcome !== 'partial') {
    found.push(
      violation(
        'userLogEntryId',
        'disclosure.harm_assessment_required',
        'The category requires a harm assessment (menprövning) before disclosure: record the decision to release or partly release before linking the disclosure.',
        'Informationsmängden kräver menprövning före utlämnande: registrera beslutet att lämna ut helt eller delvis innan utlämnandet kopplas.',
      ),
    );
  }
  return found;
}

/** Whether a user log entry lies within a viewer's log scope (userLogScope): the same rule the log's SQL applies. */
export function logEntryInScope(scope: LogScope, entry: { dataOwnerId: number; careProviderId: number; submittedByOrgId: number; isDemo: boolean }): boolean {
  if (scope.demoOnly && !entry.isDemo) return false;
  switch (scope.kind) {
    case 'none':
      return false;
    case 'pseudonymised':
      return true;
    case 'organisation':
      return entry.dataOwnerId === scope.organisationId || entry.careProviderId === scope.organisationId;
    case 'submitted_by':
      return entry.submittedByOrgId === scope.organisationId;
  }
}
