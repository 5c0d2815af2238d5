// Figure 6: user log statistics per day × data owner over one calendar month (the month holding
// the middle entry of the log: a twelfth of the entries at the default dates), asked over HTTP by
// an analyst (who may count every entry), against the raw GROUP BY over the same rows with the
// same indexes, names from a map, JSON.stringify'd and served by a bare node:http endpoint.
// Both answers must be byte-identical before timing. The registry is started with its response
// cache off, so every request runs the query (the cache is thrown away on every write, and the log
// is written to all the time).

import type { Sqlite } from '@fvm/db';
import { VGR_ORGANISATION_NUMBER } from '@fvm/db';
import type { Registry } from '../support/server';
import { check, log, median, ms, RUNS, spread, type ResultRow } from './lib';
import { fmtInt } from './logData';
import { assertSameJson, bareEndpoint, fetchText, timeInProcess, timeRequests } from './logHttp';

export const LOG_STATS_QUERY = `query Stats($from: DateTime!, $to: DateTime!) {
  userLogStatistics(from: $from, to: $to, bucket: DAY, by: DATA_OWNER) { periodStart value count }
}`;
const DAY = 86_400_000;

function handWritten(sqlite: Sqlite, from: number, to: number) {
  const names = new Map((sqlite.prepare('SELECT id, name FROM organisations').all() as { id: number; name: string }[]).map((o) => [o.id, o.name]));
  const text = `SELECT (occurred_at / ${DAY}) * ${DAY} AS day, data_owner_id AS owner, count(*) AS n FROM user_log_entries WHERE occurred_at >= ? AND occurred_at < ? GROUP BY 1, 2 ORDER BY 1, 2`;
  const stmt = sqlite.prepare(text);
  const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(from, to) as { detail: string }[]).map((r) => r.detail).join('; ');
  const read = () =>
    JSON.stringify({
      data: {
        userLogStatistics: (stmt.all(from, to) as { day: number; owner: number; n: number }[]).map((r) => ({
          periodStart: new Date(r.day).toISOString(),
          value: names.get(r.owner) ?? String(r.owner),
          count: r.n,
        })),
      },
    });
  return { read, plan };
}

export async function benchLogStatistics(registry: Registry, entries: number): Promise<ResultRow> {
  const { sqlite } = registry;
  const middle = sqlite
    .prepare('SELECT occurred_at FROM user_log_entries ORDER BY occurred_at LIMIT 1 OFFSET ?')
    .pluck()
    .get(Math.floor(entries / 2)) as number;
  const d = new Date(middle);
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const inMonth = sqlite.prepare('SELECT count(*) FROM user_log_entries WHERE occurred_at >= ? AND occurred_at < ?').pluck().get(from, to) as number;
  const month = new Date(from).toISOString().slice(0, 7);
  log(`figure 6: ${month}: ${fmtInt(inMonth)} entries`);

  const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');
  const body = JSON.stringify({ query: LOG_STATS_QUERY, variables: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } });
  const sql = handWritten(sqlite, from, to);
  const expected = sql.read();
  const product = await fetchText(registry.url, body, token);
  check(product.status === 200 && !JSON.parse(product.text).errors, `figure 6: HTTP ${product.status}: ${product.text.slice(0, 500)}`);
  assertSameJson('figure 6', product.text, expected);
  const buckets = (JSON.parse(expected) as { data: { userLogStatistics: { count: number }[] } }).data.userLogStatistics;
  check(buckets.reduce((n, b) => n + b.count, 0) === inMonth, 'figure 6: the counts do not add up to the month’s entries');
  const productLength = product.text.length;

  const endpoint = await bareEndpoint({ stats: sql.read });
  try {
    // One request takes from under a millisecond to about a second, depending on BENCH_LOG_ENTRIES:
    // batch enough of them for ~300 ms a measurement.
    const w0 = performance.now();
    await timeRequests(1, registry.url, body, productLength, token, 'figure 6');
    const batch = Math.max(1, Math.min(20, Math.ceil(300 / (performance.now() - w0))));
    log(`figure 6: answers identical (${buckets.length} rows); warm-up, then ${batch} request(s) a measurement`);
    await timeRequests(batch, endpoint.url('stats'), '{}', expected.length, undefined, 'figure 6 baseline');
    timeInProcess(batch, sql.read, expected.length);
    const fvm: number[] = [];
    const http: number[] = [];
    const inproc: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      fvm.push(await timeRequests(batch, registry.url, body, productLength, token, 'figure 6'));
      http.push(await timeRequests(batch, endpoint.url('stats'), '{}', expected.length, undefined, 'figure 6 baseline'));
      inproc.push(timeInProcess(batch, sql.read, expected.length, 'figure 6 in-process'));
      log(`figure 6: run ${i + 1}/${RUNS}: GraphQL ${ms(fvm[i]!)}, GROUP BY over HTTP ${ms(http[i]!)}, in-process ${ms(inproc[i]!)}`);
    }
    const ratio = median(fvm) / median(http);
    const runs = (v: number[]) => `${v.map((x) => x.toFixed(1)).join(', ')} ms (${spread(v, 1)})`;
    return {
      figure: `6. Statistics per day × data owner over one month (${fmtInt(inMonth)} entries) over HTTP (analyst) vs the raw GROUP BY on the same indexes + JSON.stringify served by a bare node:http endpoint`,
      fvm: ms(median(fvm)),
      baseline: ms(median(http)),
      ratio: `${ratio.toFixed(2)}×`,
      target: '≤ 2×',
      met: ratio <= 2,
      details:
        `${month}, ${buckets.length} (day, owner) rows, ${(expected.length / 1024).toFixed(0)} KiB; response cache off; mean of ${batch} request(s) per run; GraphQL ${runs(fvm)}; GROUP BY over HTTP ${runs(http)}; ` +
        `in-process ${runs(inproc)} (${(median(fvm) / median(inproc)).toFixed(2)}× of that floor); plan: ${sql.plan}`,
    };
  } finally {
    await endpoint.close();
  }
}
