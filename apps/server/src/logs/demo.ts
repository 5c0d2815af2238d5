import { generateDemoLogEntries } from '@fvm/db';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { isoDate, positiveInteger, UsageError, userPath, type LogsContext } from './common';
import { csvLine } from './csv';
import { LOG_FIELDS } from './entries';

/**
 * Writes `count` deterministic demo entries as a source system would export them. The dates
 * default to a fixed year, not to "the last year", so the same command writes the same file on
 * any day. Written in slices with backpressure, so ten million entries need no more memory than ten.
 */
export async function demoCommand(ctx: LogsContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, seed: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('logs demo takes the number of entries.');
  const count = positiveInteger(positionals[0], 'the number of entries', 1);
  const seed = values.seed === undefined ? undefined : positiveInteger(values.seed, '--seed', 1, 0x7fffffff);
  const startMs = Date.parse(`${isoDate(values.from ?? '2025-01-01', '--from')}T00:00:00Z`);
  const endMs = Date.parse(`${isoDate(values.to ?? '2026-01-01', '--to')}T00:00:00Z`);
  if (endMs <= startMs) throw new UsageError('--to must come after --from.');
  if (endMs > Date.now()) throw new UsageError('--to lies in the future; the import refuses entries from the future.');
  const out = values.out;
  const csv = out !== undefined && /\.csv$/i.test(out);
  if (out !== undefined && !csv && !/\.(ndjson|jsonl)$/i.test(out)) throw new UsageError('--out must end in .csv, .ndjson or .jsonl.');

  const world = await ctx.stores.logs.demoWorld();
  if (world.organisations.length === 0 || world.categories.length === 0)
    throw new UsageError('The registry has no organisations or categories to draw demo entries from.');
  const stream = out === undefined ? process.stdout : createWriteStream(userPath(out));
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  if (csv) await write(csvLine(LOG_FIELDS));
  let slice = '';
  let n = 0;
  for (const e of generateDemoLogEntries(world, count, { seed, startMs, endMs })) {
    slice += csv ? csvLine(LOG_FIELDS.map((f) => e[f])) : `${JSON.stringify(e)}\n`;
    if (++n % 2000 === 0) {
      await write(slice);
      slice = '';
      if (process.stderr.isTTY && n % 100_000 === 0)
        process.stderr.write(`\r${n.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} entries written\x1b[K`);
    }
  }
  await write(slice);
  if (process.stderr.isTTY && count >= 100_000) process.stderr.write('\r\x1b[K');
  if (out !== undefined) {
    stream.end();
    await once(stream, 'finish');
    console.error(`Wrote ${count} demo entries to ${out}.`);
  }
  return 0;
}
