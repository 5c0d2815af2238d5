import { luhnCheckDigit, type UserLogEntryInput } from '@fvm/domain';
import type { Sqlite } from '../client';
import { appendUserLogEntries, MAX_LOG_BATCH } from '../userLogs/append';
import { ChainsWriter, GENESIS } from '../userLogs/chain';
import { removeDemoDigest } from '../userLogs/digest';
import type { LogKeys } from '../userLogs/keys';
import { Rng } from './random';

// Deterministic demo user-log entries: the same seed gives the same entries on every machine.
// Identity numbers are generated (date + serial + Luhn digit); like every patient number they are
// stored only as keyed hashes. Names, units and source ids say "Demo".

export interface DemoLogWorld {
  organisations: { ref: string; hsaBase: string; kind: string }[];
  categories: string[];
}

/** The organisations and categories demo entries are drawn from, read from the registry. */
export function demoLogWorld(sqlite: Sqlite): DemoLogWorld {
  return demoWorldOf(
    sqlite.prepare(DEMO_WORLD.organisations).all() as DemoWorldOrganisation[],
    sqlite.prepare(DEMO_WORLD.categories).pluck().all() as string[],
  );
}

/** What the demo entries are drawn from, read the same way on every engine. */
export const DEMO_WORLD = {
  organisations: `SELECT id, kind, municipality_code, organisation_number FROM organisations WHERE kind IN ('region', 'municipality', 'private_care_provider') ORDER BY id`,
  categories: `SELECT code FROM information_categories WHERE record_kind = 'patient_record' ORDER BY id`,
};
export interface DemoWorldOrganisation {
  id: number;
  kind: string;
  municipality_code: string | null;
  organisation_number: string | null;
}

export function demoWorldOf(orgs: readonly DemoWorldOrganisation[], categories: string[]): DemoLogWorld {
  const organisations = orgs.map((o) => {
    // Users' HSA-ids embed their organisation's number; municipalities lack one in the reference
    // data, so demo users get a Luhn-valid 212000-series number made from the municipality code.
    const nine = o.organisation_number?.slice(0, 9) ?? `212000${(o.municipality_code ?? '000').slice(1)}`;
    const number = o.organisation_number ?? `${nine}${luhnCheckDigit(nine)}`;
    return { ref: o.municipality_code ?? o.organisation_number ?? String(o.id), hsaBase: `SE${number}`, kind: o.kind };
  });
  return { organisations, categories };
}

function identityNumber(rng: Rng): string {
  const year = rng.int(1925, 2020);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const serial = rng.int(0, 999);
  const nine = `${String(year).slice(2)}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
  return `${year}${nine.slice(2)}${luhnCheckDigit(nine)}`;
}

const FIRST = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Anders', 'Eva', 'Johan', 'Sara', 'Per', 'Lena', 'Ahmed', 'Fatima', 'Nils', 'Ida'];
const LAST = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Ali', 'Hassan'];
const PROFESSIONS = ['nurse', 'nursing_assistant', 'physician', 'occupational_therapist', 'physiotherapist', 'social_worker', 'school_nurse'];
const UNITS = ['Hemsjukvård', 'Vårdcentral', 'Korttidsboende', 'Särskilt boende', 'Akutmottagning', 'Elevhälsa', 'Rehab'];

/**
 * `count` entries from `startMs`, spaced so that they end near `endMs`, in time order with a
 * little jitter (as source systems deliver them). Entry n is the same whatever `count` is.
 */
export function* generateDemoLogEntries(
  world: DemoLogWorld,
  count: number,
  options: { seed?: number; startMs: number; endMs: number; from?: number },
): Generator<UserLogEntryInput> {
  const seed = options.seed ?? 20260101;
  const people = new Rng(seed);
  const patients = Array.from({ length: 50_000 }, () => identityNumber(people));
  const users = Array.from({ length: 3_000 }, (_, i) => {
    const org = world.organisations[people.int(0, world.organisations.length - 1)]!;
    return {
      hsaId: `${org.hsaBase}-D${String(i).padStart(5, '0')}`,
      name: `Demo ${people.pick(FIRST)} ${people.pick(LAST)}`,
      profession: people.pick(PROFESSIONS),
      org,
      unit: `Demo: ${people.pick(UNITS)} ${people.int(1, 9)}`,
    };
  });
  const step = (options.endMs - options.startMs) / Math.max(1, count);
  for (let n = options.from ?? 0; n < count; n++) {
    const rng = new Rng(seed ^ Math.imul(n + 1, 0x9e3779b1));
    const user = users[rng.int(0, users.length - 1)]!;
    // Most accesses are to the user's own organisation's records; some to another's (shared record).
    const owner = rng.chance(0.8) ? user.org : world.organisations[rng.int(0, world.organisations.length - 1)]!;
    const basisRoll = rng.float();
    yield {
      occurredAt: new Date(Math.round(options.startMs + n * step + rng.float() * step)).toISOString(),
      userHsaId: user.hsaId,
      userName: user.name,
      userProfession: user.profession,
      careProvider: user.org.ref,
      careUnit: user.unit,
      action: rng.chance(0.85) ? 'read' : rng.pick(['create', 'update', 'sign', 'print', 'copy', 'disclose', 'export']),
      patient: patients[rng.int(0, patients.length - 1)]!,
      category: world.categories[rng.int(0, world.categories.length - 1)]!,
      dataOwner: owner.ref,
      basis: basisRoll < 0.9 ? 'care_relationship' : basisRoll < 0.985 ? 'consent' : basisRoll < 0.997 ? 'emergency_access' : 'none',
      device: rng.chance(0.75) ? 'desktop' : 'mobile',
      sourceSystem: 'Demo Millennium',
      sourceEntryId: `demo-${seed}-${n}`,
      outcome: rng.chance(0.99) ? 'success' : 'denied',
    };
  }
}

/** Loads `count` demo entries over the `days` before `now`, in batches, through the real append path. */
export function loadDemoLogs(
  sqlite: Sqlite,
  keys: LogKeys,
  options: { count: number; days?: number; now?: Date; seed?: number; onProgress?: (stored: number) => void },
): { stored: number } {
  const now = options.now ?? new Date();
  const endMs = now.getTime() - 60_000;
  const startMs = endMs - (options.days ?? 90) * 86_400_000;
  const submittedByOrgId = sqlite.prepare(`SELECT id FROM organisations WHERE organisation_number = '2321000131'`).pluck().get() as number;
  const world = demoLogWorld(sqlite);
  let batch: UserLogEntryInput[] = [];
  let stored = 0;
  const flush = () => {
    const r = appendUserLogEntries(sqlite, batch, { keys, submittedByOrgId, isDemo: true, today: now.toISOString().slice(0, 10), nowMs: now.getTime() });
    if (r.rejected.length) throw new Error(`demo log entry rejected: ${JSON.stringify(r.rejected[0])}`);
    stored += r.stored;
    batch = [];
    options.onProgress?.(stored);
  };
  for (const entry of generateDemoLogEntries(world, options.count, { seed: options.seed, startMs, endMs })) {
    batch.push(entry);
    if (batch.length === MAX_LOG_BATCH) flush();
  }
  if (batch.length) flush();
  return { stored };
}

/** Takes the demo entries away, with their chains' checkpoints; real chains are untouched. */
export function removeDemoLogs(sqlite: Sqlite, keys: LogKeys, now = new Date()): { removed: number } {
  return sqlite.transaction(() => {
    const chains = new ChainsWriter(sqlite, keys, now.toISOString());
    const demoChains = chains.checkAll().filter((c) => c.is_demo === 1);
    sqlite.prepare('UPDATE user_log_purge_gate SET open = 1 WHERE id = 1').run();
    const removed = sqlite.prepare('DELETE FROM user_log_entries WHERE is_demo = 1').run().changes;
    removeDemoDigest(sqlite);
    sqlite.prepare('UPDATE user_log_purge_gate SET open = 0 WHERE id = 1').run();
    sqlite.prepare('DELETE FROM user_log_checkpoints WHERE chain_id IN (SELECT id FROM user_log_chains WHERE is_demo = 1)').run();
    sqlite
      .prepare('UPDATE user_log_chains SET anchor_hash = ?, head_entry_id = NULL, head_hash = ?, entry_count = 0, purged_count = 0 WHERE is_demo = 1')
      .run(GENESIS, GENESIS);
    for (const c of demoChains) chains.resealChain(c.id, 0);
    chains.seal();
    return { removed };
  })();
}
