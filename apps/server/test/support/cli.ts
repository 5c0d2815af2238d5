import { openDatabase } from '@fvm/db';
import { runFvm, type FvmRun } from './fvm';

// The command line as an operator runs it against one database file (its pseudonym key created
// beside it), and what that file then holds, read with the command stopped.

/** `fvm …` on `database`; SIGKILL once `kill.when` holds for the stderr so far, or `kill.afterMs` after the start. */
export function cli(database: string, args: string[], kill: { when?: (stderr: string) => boolean; afterMs?: number } = {}): Promise<FvmRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, FVM_DATABASE: database };
  delete env.FVM_PSEUDONYM_KEY;
  delete env.INIT_CWD;
  return runFvm(args, env, kill.when, kill.afterMs);
}

/** The result of `fn` on the database file, opened apart from any running command. */
export function sql<T>(database: string, fn: (s: ReturnType<typeof openDatabase>['sqlite']) => T): T {
  const { sqlite, close } = openDatabase(database, { migrate: false });
  try {
    return fn(sqlite);
  } finally {
    close();
  }
}

export const countEntries = (database: string) => sql(database, (s) => s.prepare('SELECT count(*) FROM user_log_entries').pluck().get() as number);
