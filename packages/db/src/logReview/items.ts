import type { Sqlite } from '../client';
import { prepared } from '../statements';
import type { UserLogRow } from '../userLogs/read';

/** The entries of one review item, oldest first, each with the rules that chose it. */
export function reviewItemEntries(sqlite: Sqlite, itemId: number): (UserLogRow & { rule_mask: number })[] {
  return prepared(
    sqlite,
    `SELECT e.*, s.rule_mask FROM log_review_selections s JOIN user_log_entries e ON e.id = s.entry_id
     WHERE s.item_id = ? ORDER BY e.occurred_at, e.id`,
  ).all(itemId) as (UserLogRow & { rule_mask: number })[];
}
