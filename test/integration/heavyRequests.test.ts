import { VGR_ORGANISATION_NUMBER } from '@fvm/db';
import { luhnCheckDigit } from '@fvm/domain';
import { DEFAULT_LOG_READ_LIMITS } from '@fvm/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { sqlNumber } from './helpers';

// One heavy request must not stall everyone: reads of the user log are priced by size (refused
// before they run), bounded per request (a row budget), read in chunks that give the event loop
// back, and admitted a few at a time while everything else passes by.

const SIMPLE = '{ municipalities(first: 5) { edges { node { name } } } }';
const EXPORT = '{ userLogsAsFhirBundle(first: 1000) }';

let registry: Registry;
let analyst: string;

/** What these tests read of an answer: each query asks for one of these fields. */
interface Answer {
  userLogsAsFhirBundle: { entry: unknown[] };
  userLogs: { edges: unknown[] };
  appendUserLogEntries: unknown;
  patientAccessExtract: unknown[];
  municipalities: { edges: unknown[] };
}

async function post(url: string, query: string, bearer?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Answer; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...body };
}

beforeAll(async () => {
  registry = await startRegistry({ demo: false });
  await registry.stores.seed.loadDemoLogs({ count: 20_000 });
  analyst = await registry.newToken(VGR_ORGANISATION_NUMBER, 'analyst');
}, 120_000);
afterAll(() => registry?.close());

describe('the cost of a log read is its size', () => {
  it('refuses 15 aliased exports of 1,000 entries with 400 before reading anything', async () => {
    const reads = await sqlNumber(registry, 'select count(*) from user_log_reads');
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: userLogsAsFhirBundle(first: 1000)`).join(' ')} }`;
    const started = performance.now();
    const r = await post(registry.url, query, analyst);
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.data ?? null).toBeNull();
    // Refused, not run: nothing was read, so no read was recorded, and it took no time to say so.
    expect(await sqlNumber(registry, 'select count(*) from user_log_reads')).toBe(reads);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('prices an export by its page size, given as a literal or through a variable', async () => {
    const one = await post(registry.url, EXPORT, analyst);
    expect(one.status).toBe(200);
    expect(one.data!.userLogsAsFhirBundle.entry).toHaveLength(1000);
    // Two full exports in one request are serialised as one answer of some 7 MB: too much at once.
    const two = await post(registry.url, '{ a: userLogsAsFhirBundle(first: 1000) b: userLogsAsFhirBundle(first: 1000) }', analyst);
    expect(two.status).toBe(400);
    const small = await post(
      registry.url,
      `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: userLogsAsFhirBundle(first: 100, after: null)`).join(' ')} }`,
      analyst,
    );
    expect(small.status).toBe(200);
    const response = await fetch(registry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${analyst}` },
      body: JSON.stringify({ query: 'query($n: Int) { a: userLogsAsFhirBundle(first: $n) b: userLogsAsFhirBundle(first: $n) }', variables: { n: 1000 } }),
    });
    expect(response.status).toBe(400);
  });

  it('prices pages of userLogs, counts and statistics by what they read', async () => {
    const page = (first: number) => `userLogs(first: ${first}) { edges { node { entryId careProvider { name } } } }`;
    expect((await post(registry.url, `{ a: ${page(1000)} b: ${page(1000)} }`, analyst)).status).toBe(200);
    expect((await post(registry.url, `{ ${Array.from({ length: 8 }, (_, i) => `a${i}: ${page(1000)}`).join(' ')} }`, analyst)).status).toBe(400);
    // The grid's twelve counts in one request stay well within the limit.
    expect(
      (await post(registry.url, `{ ${Array.from({ length: 12 }, (_, i) => `c${i}: userLogs(first: 0) { totalCount }`).join(' ')} }`, analyst)).status,
    ).toBe(200);
    const statistics = (from: string, bucket: string) =>
      `{ userLogStatistics(from: "${from}", to: "2027-01-01T00:00:00Z", bucket: ${bucket}, by: ACTION) { count } }`;
    expect((await post(registry.url, statistics('2026-01-01T00:00:00Z', 'DAY'), analyst)).status).toBe(200);
    // A century by the hour: 876,000 periods.
    expect((await post(registry.url, statistics('1927-01-01T00:00:00Z', 'HOUR'), analyst)).status).toBe(400);
  });
});

describe('a large answer is written in slices', () => {
  it('streams an export with the media type the client asked for, and it parses whole', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json', '*/*']) {
      const response = await fetch(registry.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${analyst}` },
        body: JSON.stringify({ query: EXPORT }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(`${accept === 'application/graphql-response+json' ? accept : 'application/json'}; charset=utf-8`);
      expect(response.headers.get('content-length')).toBeNull();
      const bundle = ((await response.json()) as { data: { userLogsAsFhirBundle: { entry: unknown[]; total: number } } }).data.userLogsAsFhirBundle;
      expect(bundle.entry).toHaveLength(1000);
      expect(bundle.total).toBe(20_000);
    }
  });
});

describe('a request reads at most its budget of log rows', () => {
  it('answers the field that would pass the budget with a typed error naming it', async () => {
    const small = await startRegistry({ sharing: registry, logReadLimits: { ...DEFAULT_LOG_READ_LIMITS, budget: 1500 } });
    try {
      const r = await post(
        small.url,
        '{ a: userLogs(first: 1000) { edges { node { entryId } } } b: userLogs(first: 1000) { edges { node { entryId } } } }',
        analyst,
      );
      // The first page was read (1,000 of 1,500), the second would pass the budget; the fields are
      // non-null, so the answer has no data.
      expect(r.data ?? null).toBeNull();
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0]).toMatchObject({
        path: ['b'],
        extensions: { code: 'LOG_READ_BUDGET_EXCEEDED', field: 'userLogs', asked: 1000, budget: 1500, left: 500 },
      });
      // Each request has a budget of its own.
      expect((await post(small.url, '{ userLogs(first: 1000) { edges { node { entryId } } } }', analyst)).data!.userLogs.edges).toHaveLength(1000);
    } finally {
      await small.close();
    }
  });

  it('refuses a patient’s extract by name once it reads past the budget, instead of cutting it short', async () => {
    // Göteborg (1480): an integrator sends 12 accesses to one patient; its log reviewer asks for the extract.
    const nine = '212000480';
    const user = `SE${nine}${luhnCheckDigit(nine)}-U0001`;
    const patient = `19850412234${luhnCheckDigit('850412234')}`;
    const entries = Array.from({ length: 12 }, (_, i) => ({
      occurredAt: `2026-10-15T09:${String(10 + i).padStart(2, '0')}:00Z`,
      userHsaId: user,
      userName: 'Test Anna Andersson',
      careProvider: '1480',
      careUnit: 'Test: Hemsjukvård 1',
      action: 'read',
      patient,
      category: 'journal_note',
      dataOwner: '1480',
      basis: 'care_relationship',
      device: 'desktop',
      sourceSystem: 'Test Millennium',
      sourceEntryId: `heavy-${i}`,
      outcome: 'success',
    }));
    const appended = await registry.gql(
      'mutation($entries: [UserLogEntryInput!]!) { appendUserLogEntries(entries: $entries) { stored rejected { index violations { field code } } } }',
      { entries },
      await registry.newToken('1480', 'integrator'),
    );
    expect(appended.data?.appendUserLogEntries, JSON.stringify(appended)).toMatchObject({ stored: 12, rejected: [] });
    const reviewer = await registry.newToken('1480', 'log_reviewer');
    const extract = `{ patientAccessExtract(patient: "${patient}") { entryId } }`;
    for (const [budget, expected] of [
      [12, 12],
      [11, null],
    ] as const) {
      const limited = await startRegistry({ sharing: registry, logReadLimits: { ...DEFAULT_LOG_READ_LIMITS, budget } });
      try {
        const r = await post(limited.url, extract, reviewer);
        if (expected) expect(r.data!.patientAccessExtract).toHaveLength(expected);
        else
          expect(r.errors?.[0]).toMatchObject({
            path: ['patientAccessExtract'],
            extensions: { code: 'LOG_READ_BUDGET_EXCEEDED', field: 'patientAccessExtract', budget },
          });
      } finally {
        await limited.close();
      }
    }
  });
});

describe('log reads are admitted a few at a time, and everything else passes by', () => {
  it('answers 503 with Retry-After and a typed error when the queue is full', async () => {
    const strict = await startRegistry({ sharing: registry, logReadLimits: { ...DEFAULT_LOG_READ_LIMITS, concurrency: 1, queue: 0 } });
    try {
      const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: userLogsAsFhirBundle(first: 1000)`).join(' ')} }`;
      const [refused, ...answers] = await Promise.all([
        post(strict.url, fifteen, analyst),
        ...Array.from({ length: 6 }, () => post(strict.url, EXPORT, analyst)),
      ]);
      // What the cost limit refuses does not wait for a turn (nor take one): 400, not 503.
      expect(refused.status).toBe(400);
      const busy = answers.filter((a) => a.status === 503);
      expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      expect(busy.length + answers.filter((a) => a.status === 200).length).toBe(6);
      for (const b of busy) {
        expect(Number(b.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(b.errors?.[0]?.extensions).toMatchObject({ code: 'SERVER_BUSY', reason: 'queue_full', retryAfterSeconds: Number(b.retryAfter) });
      }
      // A simple query never queues behind them.
      expect((await post(strict.url, SIMPLE)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it(
    'keeps a simple query fast while 20 clients send the issue’s 15 aliased exports and the heaviest admitted one, non-stop',
    { timeout: 120_000 },
    async () => {
      const fifteen = JSON.stringify({ query: `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: userLogsAsFhirBundle(first: 1000)`).join(' ')} }` });
      const one = JSON.stringify({ query: EXPORT });
      let running = true;
      const abusers = Array.from({ length: 20 }, async (_, n) => {
        const statuses: number[] = [];
        for (let i = n; running; i++) {
          const response = await fetch(registry.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${analyst}` },
            body: i % 2 ? one : fifteen,
          });
          // Read, not parsed: this process is the server too, and the test measures the server.
          await response.arrayBuffer();
          statuses.push(response.status);
          if (response.status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return statuses;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const loaded: number[] = [];
      for (let i = 0; i < 15; i++) {
        loaded.push(await timed(async () => expect((await post(registry.url, SIMPLE)).data!.municipalities.edges).toHaveLength(5)));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      running = false;
      const statuses = (await Promise.all(abusers)).flat();
      // The fifteen were refused (400), the single exports ran (200) or were told to come back
      // (503), and meanwhile every simple query answered in a fraction of what one request of
      // fifteen exports took before it was priced (10 s; 54 s with 20 of them).
      expect(statuses.length).toBeGreaterThanOrEqual(20);
      expect(statuses.every((s) => s === 200 || s === 400 || s === 503)).toBe(true);
      expect(statuses).toContain(200);
      expect(statuses).toContain(400);
      expect(Math.max(...loaded)).toBeLessThan(5_000);
      expect(median(loaded)).toBeLessThan(1_000);
    },
  );
});

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}
