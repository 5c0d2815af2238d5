import type { ChangeRecord } from './effects';

/**
 * Who changed what, when, with the row before and after: the columns of a change record, as the
 * change history's chain links them. Each engine stores them inside the change's own transaction
 * and links them into the chain, so that no change record can be altered, removed or slipped in
 * unseen. `is_demo` is linked as 0/1 (as SQLite keeps it) on every engine, so one chain verifies
 * wherever it is stored.
 */
export function changeColumns(change: ChangeRecord) {
  const { viewer } = change;
  return {
    at: change.now,
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
}

export const CHANGE_INSERT =
  'INSERT INTO changes (at, actor_org_id, actor_token_id, actor_role, entity, entity_id, operation, before, after, owner_org_id, is_demo, hash, key_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)';
