import {
  canonicalLogEntry,
  validateUserLogEntry,
  violation,
  type RuleViolation,
  type StoredLogContent,
  type UserLogEntryInput,
  type UserLogLookups,
} from '@fvm/domain';
import type { Sqlite } from '../client';
import { noteWrite } from '../generation';
import { ChainsWriter, contentOfRow, linkHash, type ChainHead } from './chain';
import { pseudonymisePatient, type LogKeys } from './keys';
import { readLookupTables, userLogLookups } from './organisationRefs';

export const MAX_LOG_BATCH = 10_000;

export interface AppendContext {
  keys: LogKeys;
  /** The organisation storing the entries (the integrator's, or the operator's). */
  submittedByOrgId: number;
  /** An integrator may append only its own organisation's entries: those of its users. */
  onlyCareProviderId?: number | null;
  isDemo?: boolean;
  today: string;
  nowMs: number;
}

export interface AppendResult {
  committed: boolean;
  stored: number;
  /** Entries already stored (same source system and id): not stored again. */
  duplicates: number;
  rejected: { index: number; violations: RuleViolation[] }[];
  /** Each entry stored now: its index in the batch and its id. Empty when nothing was committed. */
  storedEntries: { index: number; entryId: number }[];
  /**
   * Each duplicate: its index and the id of the entry it repeats (stored before, or now from
   * earlier in the batch); null when the batch was not committed. Callers decide who may learn it.
   */
  duplicateEntries: { index: number; entryId: number | null }[];
}

const INSERT = `INSERT INTO user_log_entries (occurred_at, user_hsa_id, user_name, user_profession, care_provider_id, care_unit, action,
  patient_pseudonym, category_id, data_owner_id, basis, device, source_system, source_entry_id, outcome, submitted_by_org_id, is_demo, chain_id, hash, key_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (source_system, source_entry_id, is_demo) DO NOTHING`;

/** A batch checked and pseudonymised, not yet linked into any chain: what `storePreparedBatch` takes. */
export interface PreparedBatch {
  /** Entries that break a rule, by their index in the batch. */
  rejected: AppendResult['rejected'];
  /** Entries repeated within the batch itself (same source system and id, same content), with the entry they repeat. */
  repeats: { index: number; firstIndex: number }[];
  /** The valid entries, as the chain's hash will cover them. */
  entries: { index: number; content: StoredLogContent }[];
}

/**
 * Validates a batch and pseudonymises its patients; touches no database (the lookups are
 * in-memory tables), so a bulk import can prepare the next batch while the last one is stored.
 */
export function prepareUserLogBatch(
  entries: readonly Partial<UserLogEntryInput>[],
  ctx: Omit<AppendContext, 'isDemo'>,
  lookups: UserLogLookups,
): PreparedBatch {
  if (entries.length > MAX_LOG_BATCH) throw new Error(`At most ${MAX_LOG_BATCH} entries per batch; got ${entries.length}.`);
  const rejected: AppendResult['rejected'] = [];
  const accepted: PreparedBatch['entries'] = [];
  const seen = new Map<string, { index: number; content: StoredLogContent }>();
  const repeats: PreparedBatch['repeats'] = [];
  entries.forEach((entry, index) => {
    const { violations, resolved } = validateUserLogEntry(entry, ctx.today, ctx.nowMs, lookups);
    if (resolved && ctx.onlyCareProviderId != null && resolved.careProviderId !== ctx.onlyCareProviderId) {
      violations.push(
        violation(
          'careProvider',
          'log.not_own_organisation',
          'An integrator may only append entries of its own organisation’s users.',
          'En integratör får bara lämna poster för den egna organisationens användare.',
        ),
      );
    }
    if (violations.length || !resolved) return void rejected.push({ index, violations });
    const key = `${entry.sourceSystem}\u0000${entry.sourceEntryId}`;
    const content: StoredLogContent = {
      occurredAt: resolved.occurredAt,
      userHsaId: entry.userHsaId!,
      userName: entry.userName!,
      userProfession: entry.userProfession ?? null,
      careProviderId: resolved.careProviderId,
      careUnit: entry.careUnit!,
      action: entry.action!,
      patientPseudonymHex: pseudonymisePatient(ctx.keys, resolved.patientNumber).toString('hex'),
      categoryId: resolved.categoryId,
      dataOwnerId: resolved.dataOwnerId,
      basis: entry.basis!,
      device: entry.device!,
      sourceSystem: entry.sourceSystem!,
      sourceEntryId: entry.sourceEntryId!,
      outcome: entry.outcome!,
      submittedByOrgId: ctx.submittedByOrgId,
    };
    // The same entry twice in one batch is one entry, as it is across batches; the same source id
    // with other content is the conflict it is across batches, not a duplicate to drop.
    const first = seen.get(key);
    if (first) {
      if (canonicalLogEntry(first.content) === canonicalLogEntry(content)) return void repeats.push({ index, firstIndex: first.index });
      return void rejected.push({
        index,
        violations: [sourceIdConflict(content, `in this batch (entry ${first.index})`, `i samma omgång (post ${first.index})`)],
      });
    }
    seen.set(key, { index, content });
    accepted.push({ index, content });
  });
  return { rejected, repeats, entries: accepted };
}

/**
 * Links a prepared batch into its data owners' chains and stores it in one transaction. By
 * default a batch with any invalid entry stores nothing. Entries already stored are skipped (the
 * unique index on source system and id says so, under the write lock, so two importers of the
 * same file cannot both store an entry), and an interrupted import can simply be run again.
 */
export function storePreparedBatch(
  sqlite: Sqlite,
  keys: LogKeys,
  prepared: PreparedBatch,
  options: { isDemo?: boolean; allowPartial?: boolean; now?: Date } = {},
): AppendResult {
  const { rejected, repeats } = prepared;
  if ((rejected.length && !options.allowPartial) || prepared.entries.length === 0) {
    return {
      committed: false,
      stored: 0,
      duplicates: repeats.length,
      rejected,
      storedEntries: [],
      duplicateEntries: repeats.map(({ index }) => ({ index, entryId: null })),
    };
  }
  const insert = sqlite.prepare(INSERT);
  const storedEntry = sqlite.prepare('SELECT * FROM user_log_entries WHERE source_system = ? AND source_entry_id = ? AND is_demo = ?');
  const isDemo = options.isDemo ?? false;
  const { id: keyId, key } = keys.chain.current;
  const append = sqlite.transaction((): AppendResult => {
    const chains = new ChainsWriter(sqlite, keys, (options.now ?? new Date()).toISOString());
    const heads = new Map<number, ChainHead>();
    const conflicts: AppendResult['rejected'] = [];
    const storedEntries: AppendResult['storedEntries'] = [];
    const duplicateEntries: AppendResult['duplicateEntries'] = [];
    // The id each accepted entry ended up with, stored now or before: what a repeat in the batch repeats.
    const idOfIndex = new Map<number, number>();
    for (const { index, content } of prepared.entries) {
      let head = heads.get(content.dataOwnerId);
      if (!head) heads.set(content.dataOwnerId, (head = chains.chain(content.dataOwnerId, isDemo)));
      const hash = linkHash(key, head.headHash, content);
      const info = insert.run(
        content.occurredAt,
        content.userHsaId,
        content.userName,
        content.userProfession,
        content.careProviderId,
        content.careUnit,
        content.action,
        Buffer.from(content.patientPseudonymHex, 'hex'),
        content.categoryId,
        content.dataOwnerId,
        content.basis,
        content.device,
        content.sourceSystem,
        content.sourceEntryId,
        content.outcome,
        content.submittedByOrgId,
        isDemo ? 1 : 0,
        head.id,
        hash,
        keyId,
      );
      // Already stored (a re-run of an interrupted import): the chain does not advance.
      if (info.changes === 0) {
        const row = storedEntry.get(content.sourceSystem, content.sourceEntryId, isDemo ? 1 : 0) as Record<string, unknown>;
        // Same source id, different content: a correction the source system re-exported, or two
        // systems sharing a name. Either way it must not vanish silently as a duplicate.
        if (canonicalLogEntry(contentOfRow(row)) !== canonicalLogEntry(content)) {
          conflicts.push({ index, violations: [sourceIdConflict(content, 'stored', '')] });
          continue;
        }
        duplicateEntries.push({ index, entryId: Number(row.id) });
        idOfIndex.set(index, Number(row.id));
        continue;
      }
      head.headEntryId = Number(info.lastInsertRowid);
      head.headHash = hash;
      head.entryCount++;
      storedEntries.push({ index, entryId: head.headEntryId });
      idOfIndex.set(index, head.headEntryId);
    }
    for (const { index, firstIndex } of repeats) {
      const entryId = idOfIndex.get(firstIndex);
      // A repeat of an entry refused for its source id is refused with it: it is the same entry.
      if (entryId === undefined) conflicts.push({ index, violations: conflicts.find((c) => c.index === firstIndex)!.violations });
      else duplicateEntries.push({ index, entryId });
    }
    if (conflicts.length && !options.allowPartial) throw new ConflictRollback([...rejected, ...conflicts]);
    for (const head of heads.values()) chains.save(head);
    chains.seal();
    const stored = storedEntries.length;
    return {
      committed: stored > 0,
      stored,
      duplicates: duplicateEntries.length,
      rejected: [...rejected, ...conflicts].sort((a, b) => a.index - b.index),
      storedEntries,
      duplicateEntries: duplicateEntries.sort((a, b) => a.index - b.index),
    };
  });
  let result: AppendResult;
  try {
    result = append.immediate();
  } catch (error) {
    if (!(error instanceof ConflictRollback)) throw error;
    return { committed: false, stored: 0, duplicates: 0, rejected: error.rejected.sort((a, b) => a.index - b.index), storedEntries: [], duplicateEntries: [] };
  }
  if (result.committed) noteWrite(sqlite);
  return result;
}

/** Validates, pseudonymises, links and stores a batch: `prepareUserLogBatch` then `storePreparedBatch`. */
export function appendUserLogEntries(
  sqlite: Sqlite,
  entries: readonly Partial<UserLogEntryInput>[],
  ctx: AppendContext,
  options: { allowPartial?: boolean } = {},
): AppendResult {
  const prepared = prepareUserLogBatch(entries, ctx, userLogLookups(readLookupTables(sqlite)));
  return storePreparedBatch(sqlite, ctx.keys, prepared, { isDemo: ctx.isDemo, allowPartial: options.allowPartial, now: new Date(ctx.nowMs) });
}

/** One source id with two contents: wherever the other one is, the same rule and code. */
export function sourceIdConflict(content: StoredLogContent, where: string, whereSv: string): RuleViolation {
  return violation(
    'sourceEntryId',
    'log.source_id_conflict',
    `Entry ${content.sourceEntryId} of ${content.sourceSystem} is already ${where} with other content; log entries are never changed.`,
    `Post ${content.sourceEntryId} från ${content.sourceSystem} finns redan ${whereSv ? `${whereSv} ` : ''}med annat innehåll; loggposter ändras aldrig.`,
  );
}

class ConflictRollback extends Error {
  constructor(readonly rejected: AppendResult['rejected']) {
    super('a batch entry conflicts with a stored one');
  }
}
