import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, date, id, rowMeta } from './columns';
import { options } from './options';

export const informationCategories = sqliteTable('information_categories', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  optionId: integer('option_id').references(() => options.id),
  recordKind: text('record_kind').notNull(),
  harmAssessmentRequired: bool('harm_assessment_required').notNull().default(false),
  ...rowMeta(),
});

/** A category as owned by one organisation: the owner is whoever created the information. */
export const informationAssets = sqliteTable(
  'information_assets',
  {
    id: id(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => informationCategories.id),
    description: text('description'),
    ...rowMeta(),
  },
  // Demo rows are unique among demo rows: a demo token never meets a hidden real row here.
  (t) => [uniqueIndex('information_assets_owner_category_demo_uq').on(t.ownerOrgId, t.categoryId, t.isDemo)],
);

export const retentionRules = sqliteTable(
  'retention_rules',
  {
    id: id(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => informationCategories.id),
    action: text('action').notNull(),
    years: integer('years'),
    trigger: text('trigger').notNull(),
    legalBasis: text('legal_basis'),
    purgeDecisionBody: text('purge_decision_body'),
    purgeDecisionReference: text('purge_decision_reference'),
    purgeDecisionOn: date('purge_decision_on'),
    ...rowMeta(),
  },
  // Demo rows are unique among demo rows: a demo token never meets a hidden real row here.
  (t) => [
    uniqueIndex('retention_rules_owner_category_demo_uq').on(t.ownerOrgId, t.categoryId, t.isDemo),
    index('retention_rules_category_idx').on(t.categoryId),
  ],
);
