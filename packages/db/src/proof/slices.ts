import type { Sqlite } from '../client';
import { prepared } from '../statements';

/**
 * Reads a table's rows with ids up to `lastId`, in id order, `slice` at a time, awaiting `pause()`
 * between slices: a long walk on the connection a server shares leaves room for other requests.
 */
export async function eachRowInSlices(
  sqlite: Sqlite,
  table: string,
  lastId: number,
  visit: (row: Record<string, unknown>) => void,
  pause: () => Promise<void>,
  slice: number,
): Promise<void> {
  const next = prepared(sqlite, `SELECT * FROM "${table}" WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`);
  for (let after = 0; ;) {
    const rows = next.all(after, lastId, slice) as Record<string, unknown>[];
    for (const row of rows) visit(row);
    if (rows.length < slice) return;
    after = rows.at(-1)!.id as number;
    await pause();
  }
}
