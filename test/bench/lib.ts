// Shared helpers of the benchmark suite: timing, statistics, HTTP on loopback, table rows.

export const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function spread(values: readonly number[], digits = 1): string {
  if (values.length === 0) return '–';
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

/** One line of the results table. `ratio` is always fvm-registry relative to its baseline. */
export interface ResultRow {
  figure: string;
  fvm: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
  /** Each run's figures, for the details under the table. */
  details: string;
}

export class BenchFailure extends Error {}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new BenchFailure(message);
}

export function log(message: string) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Agreement global IDs as the registry issues them (Pothos Relay: base64 of "Type:id"). */
export function globalId(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

/** POSTs an already serialised GraphQL body and parses the answer, as an integrator's client would. */
export async function postGraphQL<T>(url: string, body: string, bearer?: string): Promise<{ status: number; json: GraphQLResponse<T> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body,
  });
  return { status: response.status, json: (await response.json()) as GraphQLResponse<T> };
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`;
}
