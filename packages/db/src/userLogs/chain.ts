import { canonicalLogEntry, type StoredLogContent } from '@fvm/domain';
import { hash } from 'node:crypto';
import type { Sqlite } from '../client';

export const GENESIS = Buffer.alloc(32);

/** An entry's link: SHA-256 over the previous link and the entry's canonical content. */
export function linkHash(previous: Buffer, content: StoredLogContent): Buffer {
  // One-shot hashing: a third cheaper than a Hash object per entry, on the ingestion hot path.
  return hash('sha256', Buffer.concat([previous, Buffer.from(canonicalLogEntry(content))]), 'buffer') as unknown as Buffer;
}

/** The stored row's content, as the hash covers it. */
export function contentOfRow(row: Record<string, unknown>): StoredLogContent {
  return {
    occurredAt: row.occurred_at as number,
    userHsaId: row.user_hsa_id as string,
    userName: row.user_name as string,
    userProfession: (row.user_profession as string | null) ?? null,
    careProviderId: row.care_provider_id as number,
    careUnit: row.care_unit as string,
    action: row.action as string,
    patientPseudonymHex: (row.patient_pseudonym as Buffer).toString('hex'),
    categoryId: row.category_id as number,
    dataOwnerId: row.data_owner_id as number,
    basis: row.basis as string,
    device: row.device as string,
    sourceSystem: row.source_system as string,
    sourceEntryId: row.source_entry_id as string,
    outcome: row.outcome as string,
    submittedByOrgId: row.submitted_by_org_id as number,
  };
}

export interface ChainHead {
  id: number;
  dataOwnerId: number;
  isDemo: boolean;
  headEntryId: number | null;
  headHash: Buffer;
  entryCount: number;
}

/** The chain of one data owner (demo entries apart), created on its first entry. */
export function chainFor(sqlite: Sqlite, dataOwnerId: number, isDemo: boolean): ChainHead {
  const select = sqlite.prepare('SELECT id, head_entry_id, head_hash, entry_count FROM user_log_chains WHERE data_owner_id = ? AND is_demo = ?');
  let row = select.get(dataOwnerId, isDemo ? 1 : 0) as { id: number; head_entry_id: number | null; head_hash: Buffer; entry_count: number } | undefined;
  if (!row) {
    sqlite
      .prepare('INSERT INTO user_log_chains (data_owner_id, is_demo, anchor_hash, head_entry_id, head_hash, entry_count, purged_count) VALUES (?, ?, ?, NULL, ?, 0, 0)')
      .run(dataOwnerId, isDemo ? 1 : 0, GENESIS, GENESIS);
    row = select.get(dataOwnerId, isDemo ? 1 : 0) as typeof row;
  }
  return { id: row!.id, dataOwnerId, isDemo, headEntryId: row!.head_entry_id, headHash: row!.head_hash, entryCount: row!.entry_count };
}

export function saveChainHead(sqlite: Sqlite, head: ChainHead): void {
  sqlite.prepare('UPDATE user_log_chains SET head_entry_id = ?, head_hash = ?, entry_count = ? WHERE id = ?').run(head.headEntryId, head.headHash, head.entryCount, head.id);
}
