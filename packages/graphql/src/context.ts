import type { Db, Sqlite } from '@fvm/db';
import type { Viewer } from '@fvm/domain';

/** What every resolver receives. Built per request by the server; nothing here knows of HTTP. */
export interface GraphQLContext {
  viewer: Viewer | null;
  db: Db;
  sqlite: Sqlite;
  /** The clock, injectable so tests and rules agree on "today". */
  now(): Date;
}
