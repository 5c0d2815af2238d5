import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCorsOrigins } from './cors';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where the registry lives and where it listens; both from the environment, with safe defaults. */
export function serverConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? '127.0.0.1',
    // Relative paths are taken from where the command was started (npm sets INIT_CWD), not from apps/server.
    databaseFile: resolve(env.INIT_CWD ?? process.cwd(), env.FVM_DATABASE ?? join(repositoryRoot, 'data', 'fvm-registry.sqlite')),
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
  };
}

/** `1` or `0`; unset is undefined (the default applies); anything else stops the start. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (value === '1' || value === '0') return value === '1';
  throw new Error(`${name} must be 1 or 0; got "${value}".`);
}
