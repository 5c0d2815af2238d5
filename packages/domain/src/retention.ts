import { validateDateField } from './fields';
import { isBlank } from './text';
import { isOneOf, RETENTION_ACTIONS, RETENTION_TRIGGERS, validateEnum, type RecordKind } from './vocabulary';
import { violation, type RuleViolation } from './violations';

/** Record kinds the law gives a minimum retention; other kinds follow only the owner's own rules. */
export type RegulatedRecordKind = Extract<RecordKind, 'patient_record' | 'access_log'>;

export const LEGAL_MINIMUM_YEARS: Readonly<Record<RegulatedRecordKind, number>> = {
  patient_record: 10,
  access_log: 5,
};

export const LEGAL_BASIS: Readonly<Record<RegulatedRecordKind, string>> = {
  // "minst tio år efter det att den sista uppgiften fördes in i handlingen"
  patient_record: 'Patientdatalagen (2008:355) 3 kap. 17 §',
  // "loggarna sparas minst fem år för att möjliggöra kontroll av åtkomsten"
  access_log: 'HSLF-FS 2016:40 4 kap. 9 §',
};

const REGULATED_RECORD_KINDS: readonly RegulatedRecordKind[] = ['patient_record', 'access_log'];

const KEPT_RECORDS: Readonly<Record<RegulatedRecordKind, { en: string; sv: string }>> = {
  patient_record: { en: 'Patient records', sv: 'Journalhandlingar' },
  access_log: { en: 'Access logs', sv: 'Åtkomstloggar' },
};

export function legalMinimumYears(recordKind: string): number | null {
  return isOneOf(recordKind, REGULATED_RECORD_KINDS) ? LEGAL_MINIMUM_YEARS[recordKind] : null;
}

export interface RetentionRuleInput {
  action: string;
  years: number | null;
  trigger: string;
  purgeDecisionBody: string | null;
  purgeDecisionReference: string | null;
  purgeDecisionOn: string | null;
}

const PURGE_DECISION_PARTS = [
  { field: 'purgeDecisionBody', en: 'the body that decided it', sv: 'det organ som beslutade' },
  { field: 'purgeDecisionReference', en: 'its reference', sv: 'beslutets diarienummer' },
  { field: 'purgeDecisionOn', en: 'its date', sv: 'beslutsdatumet' },
] as const;

export function validateRetentionRule(r: RetentionRuleInput, category: { recordKind: string } | null): RuleViolation[] {
  const found = [
    ...validateEnum(r.action, RETENTION_ACTIONS, 'action'),
    ...validateEnum(r.trigger, RETENTION_TRIGGERS, 'trigger'),
    ...validateDateField(r.purgeDecisionOn, 'purgeDecisionOn', { en: 'purge decision date', sv: 'gallringsbeslutets datum' }),
  ];
  if (category === null) {
    found.push(
      violation(
        'categoryId',
        'required',
        'A retention rule needs the information category it applies to.',
        'En bevarande- eller gallringsregel behöver den informationskategori den gäller.',
      ),
    );
  }

  if (r.years !== null && (!Number.isInteger(r.years) || r.years < 0)) {
    found.push(
      violation(
        'years',
        'retention.years_invalid',
        `The retention period must be a whole number of years, not ${r.years}.`,
        `Bevarandetiden ska vara ett helt antal år, inte ${r.years}.`,
      ),
    );
  }

  if (r.action !== 'purge') return found;

  if (r.years === null) {
    found.push(
      violation(
        'years',
        'required',
        'A purge rule needs the number of years after which the information is purged.',
        'En gallringsregel behöver antalet år efter vilka informationen gallras.',
      ),
    );
  }
  for (const part of PURGE_DECISION_PARTS) {
    if (!isBlank(r[part.field])) continue;
    found.push(
      violation(
        part.field,
        'retention.purge_decision_required',
        `Nothing may be purged without the owner's purge decision; record ${part.en}.`,
        `Ingenting får gallras utan informationsägarens gallringsbeslut; ange ${part.sv}.`,
      ),
    );
  }

  // Only purging can cut a record short; a preserved one is kept beyond any minimum.
  const kind = category?.recordKind;
  if (kind !== undefined && isOneOf(kind, REGULATED_RECORD_KINDS) && r.years !== null && r.years < LEGAL_MINIMUM_YEARS[kind]) {
    const minimum = LEGAL_MINIMUM_YEARS[kind];
    const records = KEPT_RECORDS[kind];
    found.push(
      violation(
        'years',
        'retention.below_legal_minimum',
        `${records.en} must be kept at least ${minimum} years (${LEGAL_BASIS[kind]}); ${r.years} years is too short.`,
        `${records.sv} ska bevaras i minst ${minimum} år (${LEGAL_BASIS[kind]}); ${r.years} år är för kort tid.`,
      ),
    );
  }
  return found;
}
