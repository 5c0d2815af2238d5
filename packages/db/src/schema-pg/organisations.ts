import { index, integer, type AnyPgColumn, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bool, date, id, rowMeta } from './columns';

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    organisationNumber: text('organisation_number'),
    hsaId: text('hsa_id'),
    ownPrincipal: bool('own_principal').notNull().default(false),
    municipalityCode: text('municipality_code'),
    associationId: integer('association_id').references((): AnyPgColumn => organisations.id),
    licensingMunicipalityId: integer('licensing_municipality_id').references((): AnyPgColumn => organisations.id),
    // A cycle: a stage is owned by an organisation. See HAND_WRITTEN.md for how the copy to PostgreSQL orders it.
    rolloutStageId: integer('rollout_stage_id').references((): AnyPgColumn => rolloutStages.id),
    ...rowMeta(),
  },
  (t) => [
    uniqueIndex('organisations_municipality_code_uq').on(t.municipalityCode),
    // Demo rows are a world of their own: unique per demo flag, so a demo token never meets a hidden real row here.
    uniqueIndex('organisations_organisation_number_demo_uq').on(t.organisationNumber, t.isDemo),
    index('organisations_kind_name_idx').on(t.kind, t.name),
    index('organisations_association_idx').on(t.associationId),
    index('organisations_owner_idx').on(t.ownerOrgId),
  ],
);

export const rolloutStages = pgTable('rollout_stages', {
  id: id(),
  number: integer('number').notNull().unique(),
  area: text('area').notNull(),
  plannedGoLive: date('planned_go_live'),
  actualGoLive: date('actual_go_live'),
  ...rowMeta(),
});

export const powersOfAttorney = pgTable(
  'powers_of_attorney',
  {
    id: id(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => organisations.id),
    grantedToId: integer('granted_to_id')
      .notNull()
      .references(() => organisations.id),
    grantedOn: date('granted_on'),
    scope: text('scope').notNull(),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    ...rowMeta(),
  },
  (t) => [index('powers_of_attorney_municipality_idx').on(t.municipalityId)],
);
