import { isPostgresUrl } from '@fvm/db';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCorsOrigins } from './cors';
import { logReadLimitsFromEnv } from './logReadAdmission';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where the registry lives and where it listens; both from the environment, with safe defaults. */
export function serverConfig(env: NodeJS.ProcessEnv = process.env) {
  const host = env.HOST ?? '127.0.0.1';
  const production = env.NODE_ENV === 'production';
  return {
    port: Number(env.PORT ?? 4000),
    host,
    /** A SQLite file (relative paths from where the command was started: npm sets INIT_CWD) or a postgres:// URL. */
    database: databaseLocation(env.FVM_DATABASE, env.INIT_CWD ?? process.cwd()),
    /** Where the user log lives when not beside the registry: a postgres:// URL (split mode), or undefined. */
    logDatabase: env.FVM_LOG_DATABASE || undefined,
    /** Lanes per data owner in the user log on PostgreSQL (FVM_LOG_LANES): how many appends of one owner run at once. */
    logLanes: logLanes(env.FVM_LOG_LANES),
    demoSignIn: demoSignIn(env.FVM_DEMO_SIGNIN, host, production),
    tokenDays: tokenDays(env.FVM_TOKEN_DAYS),
    gridDirectory: join(repositoryRoot, 'apps', 'grid', 'dist'),
    /**
     * The options of createRegistryYoga that come from the environment, read when asked for: a
     * mistake in them stops the server, not the command line, which serves nothing.
     */
    get http() {
      return httpOptions(env);
    },
  };
}

function databaseLocation(given: string | undefined, cwd: string): string {
  if (given && isPostgresUrl(given)) return given;
  return resolve(cwd, given ?? join(repositoryRoot, 'data', 'fvm-registry.sqlite'));
}

function httpOptions(env: NodeJS.ProcessEnv) {
  const production = env.NODE_ENV === 'production';
  // GraphiQL and introspection are for developers: off in production unless asked for. GraphiQL
  // needs introspection for its documentation and completion, so introspection follows it.
  const graphiql = flag(env, 'FVM_GRAPHIQL') ?? !production;
  return {
    production,
    responseCache: env.FVM_RESPONSE_CACHE !== '0',
    corsOrigins: parseCorsOrigins(env.FVM_CORS_ORIGINS),
    graphiql,
    introspection: flag(env, 'FVM_INTROSPECTION') ?? graphiql,
    logReadLimits: logReadLimitsFromEnv(env),
  };
}

/** `1` or `0`; unset is undefined (the default applies); anything else stops the start. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (value === '1' || value === '0') return value === '1';
  throw new Error(`${name} must be 1 or 0; got "${value}".`);
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/;

/**
 * Demo sign-in hands a token to anyone who asks, so it is on only when asked for
 * (FVM_DEMO_SIGNIN=1, which `npm start` sets), only on a server that listens on loopback alone,
 * and never in production. `reason` says why it is off, for the start-up message.
 */
export function demoSignIn(flag: string | undefined, host: string, production: boolean): { enabled: boolean; reason: string } {
  if (flag !== '1') return { enabled: false, reason: 'FVM_DEMO_SIGNIN is not 1' };
  if (production) return { enabled: false, reason: 'NODE_ENV=production never allows it' };
  if (!LOOPBACK.test(host)) return { enabled: false, reason: `HOST=${host} is not a loopback address (127.0.0.1, ::1, localhost)` };
  return { enabled: true, reason: `FVM_DEMO_SIGNIN=1 on ${host}` };
}

/** FVM_LOG_LANES: a whole number from 1 to 64; unset is 1 (one chain per owner, as on SQLite). */
function logLanes(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  const lanes = Number(value);
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > 64) throw new Error(`FVM_LOG_LANES must be a whole number from 1 to 64; got "${value}".`);
  return lanes;
}

/** How many days a new token lasts unless told otherwise (FVM_TOKEN_DAYS, default 90). */
function tokenDays(value: string | undefined): number {
  const days = Number(value ?? 90);
  if (!Number.isFinite(days) || days <= 0) throw new Error(`FVM_TOKEN_DAYS must be a positive number of days; got "${value}".`);
  return days;
}
