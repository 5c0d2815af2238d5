import { sql } from 'drizzle-orm';
import { defineAggregate } from '../aggregates';
import { AgreementKind, AgreementStatus, CallOffStatus, OrganisationKind, RetentionAction } from './enums';

const year = (column: unknown) => sql`cast(substr(${column}, 1, 4) as integer)`;
// `IS TRUE` holds for SQLite's 1 and PostgreSQL's true alike (`= 1` compares a boolean with a number there).
const isTrue = (column: unknown) => sql`${column} IS TRUE`;
const associationOf = (organisationId: unknown) => sql`(select o.association_id from organisations o where o.id = ${organisationId})`;

defineAggregate('CallOff', 'callOffCounts', 'Call-offs counted by option, status, municipality, association or year (avrop per option och status).', {
  OPTION: { description: 'The option called off.', sql: (t) => sql`${t.optionId}`, type: { entity: 'Option' } },
  STATUS: { description: 'The call-off status.', sql: (t) => sql`${t.status}`, type: { enumRef: CallOffStatus.ref } },
  MUNICIPALITY: { description: 'The municipality.', sql: (t) => sql`${t.municipalityId}`, type: { entity: 'Municipality' } },
  ASSOCIATION: {
    description: 'The municipality’s association (kommunalförbund).',
    sql: (t) => associationOf(t.municipalityId),
    type: { entity: 'Organisation' },
  },
  SIGNED_YEAR: { description: 'The year it was signed.', sql: (t) => year(t.signedOn), type: 'Int' },
  OPERATIONS_AGREEMENT_SIGNED: {
    description: 'Whether the operations agreement was also signed.',
    sql: (t) => isTrue(t.operationsAgreementSigned),
    type: 'Boolean',
  },
});

defineAggregate('Agreement', 'agreementCounts', 'Agreements counted by kind, status or the year they end (avtal som löper ut per år).', {
  KIND: { description: 'The kind of agreement.', sql: (t) => sql`${t.kind}`, type: { enumRef: AgreementKind.ref } },
  STATUS: { description: 'The agreement status.', sql: (t) => sql`${t.status}`, type: { enumRef: AgreementStatus.ref } },
  EXPIRY_YEAR: { description: 'The year it ends (null: no end date).', sql: (t) => year(t.validTo), type: 'Int' },
  PENALTIES: { description: 'Whether it has penalties (viten).', sql: (t) => isTrue(t.penalties), type: 'Boolean' },
});

defineAggregate('Organisation', 'organisationCounts', 'Organisations counted by kind, association or roll-out stage.', {
  KIND: { description: 'The kind of organisation.', sql: (t) => sql`${t.kind}`, type: { enumRef: OrganisationKind.ref } },
  ASSOCIATION: { description: 'The association (kommunalförbund).', sql: (t) => sql`${t.associationId}`, type: { entity: 'Organisation' } },
  ROLLOUT_STAGE: { description: 'The roll-out stage (etapp).', sql: (t) => sql`${t.rolloutStageId}`, type: { entity: 'RolloutStage' } },
});

defineAggregate('RetentionRule', 'retentionRuleCounts', 'Retention rules counted by action, category or owner.', {
  ACTION: { description: 'Preserve or purge.', sql: (t) => sql`${t.action}`, type: { enumRef: RetentionAction.ref } },
  CATEGORY: { description: 'The information category.', sql: (t) => sql`${t.categoryId}`, type: { entity: 'InformationCategory' } },
  OWNER: { description: 'The owning organisation.', sql: (t) => sql`${t.ownerOrgId}`, type: { entity: 'Organisation' } },
});
