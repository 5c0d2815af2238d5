import type Database from 'better-sqlite3';
import type { Row } from './codec';
import type { BatchOperation, WriteEnv } from './types';

const statements = new WeakMap<Database.Database, Database.Statement>();

/** Who changed what, when, with the row before and after: written inside the change's transaction. */
export function recordChange(
  sqlite: Database.Database,
  change: { entity: string; entityId: number; operation: BatchOperation; before: Row | null; after: Row | null; ownerOrgId: number; env: WriteEnv },
) {
  let stmt = statements.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare(
      'INSERT INTO changes (at, actor_org_id, actor_token_id, actor_role, entity, entity_id, operation, before, after, owner_org_id, is_demo) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    );
    statements.set(sqlite, stmt);
  }
  const { viewer, now } = change.env;
  stmt.run(
    now,
    viewer?.organisationId ?? null,
    viewer?.tokenId ?? null,
    viewer?.role ?? null,
    change.entity,
    change.entityId,
    change.operation,
    change.before ? JSON.stringify(change.before) : null,
    change.after ? JSON.stringify(change.after) : null,
    change.ownerOrgId,
    // A change to a demo row is part of the demo: demo tokens read it, real history stays apart.
    (change.after ?? change.before)?.isDemo ? 1 : 0,
  );
}
