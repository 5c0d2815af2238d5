import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, date, id, rowMeta } from './columns';
import { organisations } from './organisations';

export const procurements = sqliteTable('procurements', {
  id: id(),
  name: text('name').notNull(),
  year: integer('year').notNull(),
  method: text('method').notNull(),
  callOffWindowOpensOn: date('call_off_window_opens_on'),
  callOffWindowClosesOn: date('call_off_window_closes_on'),
  implementationCompletedOn: date('implementation_completed_on'),
  termYears: integer('term_years').notNull(),
  maxExtensionYears: integer('max_extension_years').notNull(),
  extensionYears: integer('extension_years').notNull().default(0),
  ...rowMeta(),
});

export const options = sqliteTable('options', {
  id: id(),
  number: integer('number').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  description: text('description'),
  ...rowMeta(),
});

export const optionLinks = sqliteTable(
  'option_links',
  {
    id: id(),
    optionId: integer('option_id')
      .notNull()
      .references(() => options.id),
    linkedOptionId: integer('linked_option_id')
      .notNull()
      .references(() => options.id),
    note: text('note'),
    ...rowMeta(),
  },
  (t) => [uniqueIndex('option_links_pair_uq').on(t.optionId, t.linkedOptionId)],
);

export const callOffs = sqliteTable(
  'call_offs',
  {
    id: id(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => organisations.id),
    optionId: integer('option_id')
      .notNull()
      .references(() => options.id),
    procurementId: integer('procurement_id')
      .notNull()
      .references(() => procurements.id),
    status: text('status').notNull(),
    submittedOn: date('submitted_on'),
    signedOn: date('signed_on'),
    decisionReference: text('decision_reference'),
    operationsAgreementSigned: bool('operations_agreement_signed').notNull().default(false),
    ...rowMeta(),
  },
  (t) => [
    // Demo rows are a world of their own: unique per demo flag, so a demo token never meets a hidden real row here.
    uniqueIndex('call_offs_municipality_option_demo_uq').on(t.municipalityId, t.optionId, t.isDemo),
    index('call_offs_option_status_idx').on(t.optionId, t.status),
    index('call_offs_owner_idx').on(t.ownerOrgId),
  ],
);
