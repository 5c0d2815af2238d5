import type { LogKeys, Stores } from '@fvm/db';
import type { Viewer } from '@fvm/domain';

/** What every resolver receives. Built per request by the server; nothing here knows of HTTP. */
export interface GraphQLContext {
  viewer: Viewer | null;
  /** The registry's stores: every read and write goes through them; which engine answers is theirs to know. */
  stores: Stores;
  /** The clock, injectable so tests and rules agree on "today". */
  now(): Date;
  /** Keys for patient pseudonyms and checkpoint signatures (kept outside the database). */
  logKeys: LogKeys;
  /** Whether anyone may sign in as a demo user here (the server decides: loopback only, never in production). */
  demoSignIn?: boolean;
  /** Set by resolvers whose answer must not be served from the response cache (log reads are logged). */
  uncacheable?: boolean;
  /** Entries this request may read from the user log across all its fields (default DEFAULT_LOG_READ_BUDGET). */
  logReadBudget?: number;
}
