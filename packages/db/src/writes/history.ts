import type { Sqlite } from '../client';
import { prepared } from '../statements';
import type { Row } from './codec';
import type { BatchEnv, BatchOperation } from './types';

/**
 * Who changed what, when, with the row before and after: written inside the change's transaction
 * and linked into the change history's chain, so that no change record can be altered, removed or
 * slipped in unseen.
 */
export function recordChange(
  sqlite: Sqlite,
  change: { entity: string; entityId: number; operation: BatchOperation; before: Row | null; after: Row | null; ownerOrgId: number; env: Pick<BatchEnv, 'viewer' | 'now' | 'history'> },
) {
  const { viewer, now, history } = change.env;
  const columns = {
    at: now,
    actor_org_id: viewer?.organisationId ?? null,
    actor_token_id: viewer?.tokenId ?? null,
    actor_role: viewer?.role ?? null,
    entity: change.entity,
    entity_id: change.entityId,
    operation: change.operation,
    before: change.before ? JSON.stringify(change.before) : null,
    after: change.after ? JSON.stringify(change.after) : null,
    owner_org_id: change.ownerOrgId,
    // A change to a demo row is part of the demo: demo tokens read it, real history stays apart.
    is_demo: (change.after ?? change.before)?.isDemo ? 1 : 0,
  };
  const { hash, keyId } = history.link(columns);
  const info = prepared(
    sqlite,
    'INSERT INTO changes (at, actor_org_id, actor_token_id, actor_role, entity, entity_id, operation, before, after, owner_org_id, is_demo, hash, key_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
  ).run(...Object.values(columns), hash, keyId);
  history.appendedRecord(Number(info.lastInsertRowid), hash);
}
