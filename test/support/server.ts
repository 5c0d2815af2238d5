import {
  createToken,
  type CreateTokenInput,
  type Db,
  findOrganisationByCodeOrNumber,
  keyFileFor,
  loadDemoData,
  loadLogKeys,
  loadReferenceData,
  type LogKeys,
  openSqliteStores,
  openStores,
  type Sqlite,
  type Stores,
} from '@fvm/db';
import type { Role } from '@fvm/domain';
import { createRegistryHttpServer, createRegistryYoga, serveStatic, serverConfig, type LogReadLimits } from '@fvm/server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The engines a test registry can run on: SQLite (the default) or PostgreSQL. */
export type TestEngine = 'sqlite' | 'postgresql';

/**
 * The engine of this run's registries: FVM_TEST_ENGINE (vitest.config.ts sets it for the
 * 'postgresql' project), else SQLite.
 */
export function testEngine(env: NodeJS.ProcessEnv = process.env): TestEngine {
  const engine = env.FVM_TEST_ENGINE ?? 'sqlite';
  if (engine !== 'sqlite' && engine !== 'postgresql') throw new Error(`FVM_TEST_ENGINE must be sqlite or postgresql; got "${engine}"`);
  return engine;
}

/**
 * A real registry for a test: a fresh database, the real yoga server on an ephemeral loopback
 * port behind the real server's routing, and helpers to call it over HTTP the way integrators do.
 * The database is a SQLite file, or with `engine: 'postgresql'` (the default under
 * FVM_TEST_ENGINE=postgresql) a fresh database on the run's PostgreSQL server, dropped at close.
 * With `grid` (a directory, e.g. apps/grid/dist) it also serves the grid's build at `/`. With `env`, the
 * HTTP options come from those environment variables, read as the real server reads them. Demo
 * sign-in is off unless `demoSignIn` (as on a server started without FVM_DEMO_SIGNIN=1).
 *
 * Tests arrange and inspect rows through `sql` (either engine); `sqlite` and `db` are the SQLite
 * file's own handles, for the tests that tamper with the file itself, and throw on PostgreSQL.
 * With `sharing` (another registry of the run) it is a second server over that registry's database,
 * on either engine, with its own options: nothing is seeded, and closing it leaves the database.
 */
export async function startRegistry(
  options: {
    demo?: boolean;
    file?: string;
    responseCache?: boolean;
    plannedReads?: boolean;
    grid?: string;
    env?: NodeJS.ProcessEnv;
    demoSignIn?: boolean;
    now?: () => Date;
    logReadLimits?: LogReadLimits;
    logDatabase?: string;
    engine?: TestEngine;
    sharing?: { engine: TestEngine; database: string; logKeys: LogKeys };
    /** On PostgreSQL: this empty database (dropped at close) rather than a fresh one on vitest's server, for the benchmarks, which run outside vitest. */
    postgresDatabase?: { url: string; drop(): Promise<void> };
  } = {},
) {
  const engine = options.sharing?.engine ?? options.engine ?? testEngine();
  const opened = engine === 'postgresql' ? await openOnPostgres(options) : await openOnSqlite(options);
  const { stores, logKeys } = opened;
  const http = options.env ? serverConfig(options.env).http : {};
  const yoga = createRegistryYoga({
    stores,
    logKeys,
    ...http,
    ...(options.responseCache === undefined ? {} : { responseCache: options.responseCache }),
    ...(options.plannedReads === undefined ? {} : { plannedReads: options.plannedReads }),
    demoSignIn: options.demoSignIn,
    now: options.now,
    ...(options.logReadLimits ? { logReadLimits: options.logReadLimits } : {}),
  });
  const server: Server = createRegistryHttpServer(yoga, options.grid ? serveStatic(options.grid) : null);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/graphql`;

  /** A new token of the organisation (by municipality code or organisation number); its secret. Either engine. */
  async function newToken(codeOrNumber: string, role: Role, extra: Omit<CreateTokenInput, 'organisationId' | 'role'> = {}): Promise<string> {
    const org = await stores.organisations.findByCodeOrNumber(codeOrNumber);
    if (!org) throw new Error(`no organisation ${codeOrNumber}`);
    return (await stores.tokens.create({ organisationId: org.id, role, ...extra })).secret;
  }

  /** The same, at once, straight on the SQLite file. SQLite only: on either engine, use `newToken`. */
  function token(codeOrNumber: string, role: Role, extra: Omit<CreateTokenInput, 'organisationId' | 'role'> = {}): string {
    const { db } = opened.sqliteOnly('token (synchronous)');
    const org = findOrganisationByCodeOrNumber(db, codeOrNumber);
    if (!org) throw new Error(`no organisation ${codeOrNumber}`);
    return createToken(db, { organisationId: org.id, role, ...extra }).secret;
  }

  // Tests read answers of every shape, and most name none: `any` by default is the point here, a
  // test that relies on a shape passes it as T.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    bearer?: string,
  ): Promise<{ status: number; data?: T; errors?: { message: string }[] }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  /** The answer exactly as the caller receives it: status and body, byte for byte. */
  async function raw(query: string, variables?: unknown, bearer?: string): Promise<string> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return `${response.status} ${await response.text()}`;
  }

  async function close() {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await opened.close();
  }

  return {
    engine,
    url,
    origin,
    logKeys,
    stores,
    newToken,
    token,
    gql,
    raw,
    close,
    /** Where the database is, for `sharing`. */
    database: opened.database,
    /** Runs one statement on the registry's database, behind the API's back, and answers its rows (see EngineSql). */
    sql: opened.sql,
    /** The SQLite file. SQLite only. */
    get file(): string {
      return opened.sqliteOnly('file').file;
    },
    /** Drizzle over the SQLite file, behind the API's back. SQLite only. */
    get db(): Db {
      return opened.sqliteOnly('db').db;
    },
    /** The SQLite file's connection, behind the API's back. SQLite only. */
    get sqlite(): Sqlite {
      return opened.sqliteOnly('sqlite').sqlite;
    },
  };
}
export type Registry = Awaited<ReturnType<typeof startRegistry>>;

/** What startRegistry needs of a database, opened on one engine or the other. */
interface Opened {
  /** The SQLite file, or the PostgreSQL database's URL. */
  database: string;
  stores: Stores;
  logKeys: LogKeys;
  sql: EngineSql;
  /** The SQLite handles, or an error naming what a test asked for on PostgreSQL. */
  sqliteOnly(what: string): { file: string; db: Db; sqlite: Sqlite };
  close(): Promise<void>;
}

/**
 * One statement, `?` for each parameter, on either engine; answers the rows it returns (none for
 * a statement without RETURNING). Rows come back as SQLite gives them on both engines: booleans as
 * 0/1, 64-bit integers as numbers, json columns as their text. Keep the SQL engine-neutral:
 * `is_demo IS TRUE` (or `= true`) rather than `= 1`, and no function only one engine has (instr,
 * pragma; strpos). A value for a boolean column is bound as 0/1: SQLite binds no booleans, and
 * PostgreSQL reads '1' and '0' as true and false.
 */
export type EngineSql = <T = Record<string, unknown>>(text: string, ...params: unknown[]) => Promise<T[]>;

type StartOptions = NonNullable<Parameters<typeof startRegistry>[0]>;

async function openOnSqlite(options: StartOptions): Promise<Opened> {
  const shared = options.sharing?.database;
  const dir = options.file || shared ? null : mkdtempSync(join(tmpdir(), 'fvm-test-'));
  const file = shared ?? options.file ?? join(dir!, 'registry.sqlite');
  const logKeys = loadLogKeys(keyFileFor(file), {});
  const sqliteStores = openSqliteStores(file, logKeys);
  // The test's own handles, to arrange data and to tamper behind the API's back.
  const handles = sqliteStores.handles;
  if (!shared) {
    loadReferenceData(handles.db);
    if (options.demo !== false) loadDemoData(handles.db);
  }
  const sql: EngineSql = async <T>(text: string, ...params: unknown[]) => {
    const statement = handles.sqlite.prepare(text);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  };
  const finish = (stores: Stores): Opened => ({
    database: file,
    stores,
    logKeys,
    sql,
    sqliteOnly: () => ({ file, db: handles.db, sqlite: handles.sqlite }),
    close: async () => {
      if (stores !== sqliteStores) await stores.close();
      await sqliteStores.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  });
  // With `logDatabase` the server's stores keep the user log there (split mode); the handles stay on the file.
  if (!options.logDatabase) return finish(sqliteStores);
  return finish(await openStores(file, logKeys, { logDatabase: options.logDatabase }));
}

async function openOnPostgres(options: StartOptions): Promise<Opened> {
  if (options.file) throw new Error('startRegistry: `file` names a SQLite file; a registry on PostgreSQL gets a fresh database');
  if (options.logDatabase)
    throw new Error('startRegistry: `logDatabase` (split mode) keeps the registry on SQLite; on PostgreSQL the log is in the same database');
  const { sharing } = options;
  let url: string;
  let cleanUp: () => Promise<void>;
  let keyFile: string | null = null;
  if (sharing) {
    // Another server on that registry's database: its keys, no seeds, and the database stays at close.
    url = sharing.database;
    cleanUp = async () => {};
  } else {
    // Imported here: it reads the run's PostgreSQL from vitest, and the benchmarks import this file outside vitest.
    const database = options.postgresDatabase ?? (await (await import('./postgres')).freshPostgresDatabase());
    const dir = mkdtempSync(join(tmpdir(), 'fvm-test-pg-'));
    url = database.url;
    keyFile = join(dir, 'registry.pseudonym.key');
    cleanUp = async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  let stores: Stores | undefined;
  let pool: pg.Pool | undefined;
  try {
    const logKeys = sharing ? sharing.logKeys : loadLogKeys(keyFile!, {});
    stores = await openStores(url, logKeys);
    if (!sharing) {
      await stores.seed.loadReferenceData();
      if (options.demo !== false) await stores.seed.loadDemoData();
    }
    pool = new pg.Pool({ connectionString: url, max: 2, types: SQLITE_LIKE_TYPES });
    const test = pool;
    const sql: EngineSql = async <T>(text: string, ...params: unknown[]) => (await test.query(numberedOutsideQuotes(text), params)).rows as T[];
    const opened = stores;
    return {
      database: url,
      stores: opened,
      logKeys,
      sql,
      sqliteOnly: (what) => {
        throw new Error(`registry.${what} is the SQLite file's; this registry runs on PostgreSQL (use registry.sql, or keep the test SQLite-only)`);
      },
      close: async () => {
        await test.end();
        await opened.close();
        await cleanUp();
      },
    };
  } catch (error) {
    await pool?.end();
    await stores?.close();
    await cleanUp();
    throw error;
  }
}

const BOOL = 16;
const INT8 = 20;
const NUMERIC = 1700;
const JSON_TEXT = 114;
/** node-postgres's parsers, but booleans as 0/1, int8 and numeric as numbers and json as its text, as SQLite answers them. */
const SQLITE_LIKE_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return pg.types.getTypeParser(oid, format);
    if (oid === BOOL) return (value: string) => (value === 't' ? 1 : 0);
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    if (oid === JSON_TEXT) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/**
 * EngineSql on a PostgreSQL database, a connection per statement: for a database that processes
 * other than the test's own use in between (the command line's), and that must be left without
 * connections (to be copied as a template, or dropped).
 */
export function postgresSql(url: string): EngineSql {
  return async <T>(text: string, ...params: unknown[]) => {
    const client = new pg.Client({ connectionString: url, types: SQLITE_LIKE_TYPES });
    await client.connect();
    try {
      return (await client.query(numberedOutsideQuotes(text), params)).rows as T[];
    } finally {
      await client.end();
    }
  };
}

/** `?` placeholders numbered for PostgreSQL ($1, $2, …), leaving quoted text and names alone. */
export function numberedOutsideQuotes(text: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  return out;
}
