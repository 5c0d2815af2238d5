import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, date, id, rowMeta } from './columns';
import { informationAssets, informationCategories } from './information';
import { userLogEntries } from './userLogs';

/**
 * Profession × information category → read / write / sign / sign on mobile (behörighetspolicy).
 * A row owned by an organisation is its own policy; rows owned by the region are the regional
 * default for every organisation without a row of its own for that profession and category.
 */
export const accessPolicies = sqliteTable(
  'access_policies',
  {
    id: id(),
    profession: text('profession').notNull(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => informationCategories.id),
    mayRead: bool('may_read').notNull().default(false),
    mayWrite: bool('may_write').notNull().default(false),
    maySign: bool('may_sign').notNull().default(false),
    maySignMobile: bool('may_sign_mobile').notNull().default(false),
    ...rowMeta(),
  },
  // Demo rows are unique among demo rows: a demo token never meets a hidden real row here.
  (t) => [
    uniqueIndex('access_policies_owner_profession_category_demo_uq').on(t.ownerOrgId, t.profession, t.categoryId, t.isDemo),
    index('access_policies_category_idx').on(t.categoryId),
  ],
);

/**
 * A request for disclosure (begäran om utlämnande) of an information asset and its harm assessment
 * (menprövning). `userLogEntryId` links the `disclose` entry of the user log that records the
 * disclosure; a purge of that entry (after its retention) clears the link rather than fail.
 */
export const disclosureRequests = sqliteTable(
  'disclosure_requests',
  {
    id: id(),
    assetId: integer('asset_id')
      .notNull()
      .references(() => informationAssets.id),
    requester: text('requester').notNull(),
    requestedOn: date('requested_on').notNull(),
    outcome: text('outcome'),
    reasoning: text('reasoning'),
    decidedBy: text('decided_by'),
    decidedOn: date('decided_on'),
    userLogEntryId: integer('user_log_entry_id').references(() => userLogEntries.id, { onDelete: 'set null' }),
    ...rowMeta(),
  },
  (t) => [
    // One request per recorded disclosure; many requests have none yet.
    uniqueIndex('disclosure_requests_log_entry_uq')
      .on(t.userLogEntryId)
      .where(sql`${t.userLogEntryId} IS NOT NULL`),
    index('disclosure_requests_asset_idx').on(t.assetId),
  ],
);
