import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logReadLimitsFromEnv } from './logReadAdmission';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where the registry lives and where it listens; both from the environment, with safe defaults. */
export function serverConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? '127.0.0.1',
    // Relative paths are taken from where the command was started (npm sets INIT_CWD), not from apps/server.
    databaseFile: resolve(env.INIT_CWD ?? process.cwd(), env.FVM_DATABASE ?? join(repositoryRoot, 'data', 'fvm-registry.sqlite')),
    production: env.NODE_ENV === 'production',
    responseCache: env.FVM_RESPONSE_CACHE !== '0',
    logReadLimits: logReadLimitsFromEnv(env),
    gridDirectory: join(repositoryRoot, 'apps', 'grid', 'dist'),
  };
}
