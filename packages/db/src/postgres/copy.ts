import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgClient } from './pool';

/** One value as PostgreSQL's CSV reads it: NULL unquoted and empty, everything else quoted. */
function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return `"\\x${value.toString('hex')}"`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return `"${String(value).replace(/"/g, '""')}"`;
}

/**
 * Stores rows with COPY … FROM STDIN (CSV), PostgreSQL's bulk path, on the caller's connection and
 * inside its transaction; answers how many rows the server took. `columns[i]` holds column i's
 * values, one per row.
 */
export async function copyColumns(client: PgClient, table: string, names: readonly string[], columns: readonly unknown[][]): Promise<number> {
  const count = columns[0]?.length ?? 0;
  if (count === 0) return 0;
  const stream = client.query(copyFrom(`COPY ${table} (${names.join(', ')}) FROM STDIN (FORMAT csv)`));
  // Lines in slices, so a 10,000-row batch is written in a few large chunks, not 10,000 small ones.
  function* lines() {
    let slice = '';
    for (let r = 0; r < count; r++) {
      slice += `${columns.map((c) => csvValue(c[r])).join(',')}\n`;
      if (slice.length > 1 << 16) {
        yield slice;
        slice = '';
      }
    }
    if (slice) yield slice;
  }
  await pipeline(Readable.from(lines()), stream);
  return Number(stream.rowCount);
}
