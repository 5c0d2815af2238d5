import { canonicalLogEntry, validateUserLogEntry, violation, type RuleViolation, type UserLogEntryInput } from '@fvm/domain';
import type { Sqlite } from '../client';
import { noteWrite } from '../generation';
import { chainFor, contentOfRow, linkHash, saveChainHead, type ChainHead } from './chain';
import { pseudonymisePatient, type LogKeys } from './keys';
import { categoryResolver, organisationResolver } from './organisationRefs';

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
}

const INSERT = `INSERT INTO user_log_entries (occurred_at, user_hsa_id, user_name, user_profession, care_provider_id, care_unit, action,
  patient_pseudonym, category_id, data_owner_id, basis, device, source_system, source_entry_id, outcome, submitted_by_org_id, is_demo, chain_id, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (source_system, source_entry_id) DO NOTHING`;

/**
 * Appends a batch of user log entries in one transaction: validated, the patient pseudonymised,
 * each entry linked into its data owner's chain. By default a batch with any invalid entry stores
 * nothing and says which entries and fields are wrong. Entries already stored are skipped, so an
 * interrupted import can simply be run again.
 */
export function appendUserLogEntries(sqlite: Sqlite, entries: readonly Partial<UserLogEntryInput>[], ctx: AppendContext, options: { allowPartial?: boolean } = {}): AppendResult {
  if (entries.length > MAX_LOG_BATCH) throw new Error(`At most ${MAX_LOG_BATCH} entries per batch; got ${entries.length}.`);
  const lookups = { organisation: organisationResolver(sqlite), category: categoryResolver(sqlite) };
  const insert = sqlite.prepare(INSERT);
  const storedEntry = sqlite.prepare('SELECT * FROM user_log_entries WHERE source_system = ? AND source_entry_id = ?');
  // Everything, the check for entries already stored included, happens under the write lock, so
  // two importers of the same file cannot both store an entry.
  const append = sqlite.transaction((): AppendResult => {
    const rejected: AppendResult['rejected'] = [];
    const accepted: { entry: Partial<UserLogEntryInput>; resolved: NonNullable<ReturnType<typeof validateUserLogEntry>['resolved']> }[] = [];
    const seen = new Set<string>();
    let duplicates = 0;

    entries.forEach((entry, index) => {
      const { violations, resolved } = validateUserLogEntry(entry, ctx.today, ctx.nowMs, lookups);
      if (resolved && ctx.onlyCareProviderId != null && resolved.careProviderId !== ctx.onlyCareProviderId) {
        violations.push(
          violation('careProvider', 'log.not_own_organisation', 'An integrator may only append entries of its own organisation’s users.', 'En integratör får bara lämna poster för den egna organisationens användare.'),
        );
      }
      if (violations.length || !resolved) return void rejected.push({ index, violations });
      const key = `${entry.sourceSystem}\u0000${entry.sourceEntryId}`;
      if (seen.has(key)) return void duplicates++;
      seen.add(key);
      accepted.push({ entry, resolved });
    });

    if ((rejected.length && !options.allowPartial) || accepted.length === 0) return { committed: false, stored: 0, duplicates, rejected };

    const heads = new Map<number, ChainHead>();
    const isDemo = ctx.isDemo ?? false;
    const conflicts: AppendResult['rejected'] = [];
    const indexOf = new Map(entries.map((e, i) => [e, i]));
    let stored = 0;
    for (const { entry, resolved } of accepted) {
      let head = heads.get(resolved.dataOwnerId);
      if (!head) heads.set(resolved.dataOwnerId, (head = chainFor(sqlite, resolved.dataOwnerId, isDemo)));
      const pseudonym = pseudonymisePatient(ctx.keys, resolved.patientNumber);
      const content = {
        occurredAt: resolved.occurredAt,
        userHsaId: entry.userHsaId!,
        userName: entry.userName!,
        userProfession: entry.userProfession ?? null,
        careProviderId: resolved.careProviderId,
        careUnit: entry.careUnit!,
        action: entry.action!,
        patientPseudonymHex: pseudonym.toString('hex'),
        categoryId: resolved.categoryId,
        dataOwnerId: resolved.dataOwnerId,
        basis: entry.basis!,
        device: entry.device!,
        sourceSystem: entry.sourceSystem!,
        sourceEntryId: entry.sourceEntryId!,
        outcome: entry.outcome!,
        submittedByOrgId: ctx.submittedByOrgId,
      };
      const hash = linkHash(head.headHash, content);
      const info = insert.run(
        content.occurredAt, content.userHsaId, content.userName, content.userProfession, content.careProviderId, content.careUnit, content.action,
        pseudonym, content.categoryId, content.dataOwnerId, content.basis, content.device, content.sourceSystem, content.sourceEntryId, content.outcome,
        content.submittedByOrgId, isDemo ? 1 : 0, head.id, hash,
      );
      // Already stored (a re-run of an interrupted import): the unique index said so, and the
      // chain does not advance.
      if (info.changes === 0) {
        // Same source id, different content: a correction the source system re-exported, or two
        // systems sharing a name. Either way it must not vanish silently as a duplicate.
        if (canonicalLogEntry(contentOfRow(storedEntry.get(content.sourceSystem, content.sourceEntryId) as Record<string, unknown>)) !== canonicalLogEntry(content)) {
          const message = `Entry ${content.sourceEntryId} of ${content.sourceSystem} is already stored with other content; log entries are never changed.`;
          conflicts.push({ index: indexOf.get(entry)!, violations: [violation('sourceEntryId', 'log.source_id_conflict', message, `Post ${content.sourceEntryId} från ${content.sourceSystem} finns redan med annat innehåll; loggposter ändras aldrig.`)] });
          continue;
        }
        duplicates++;
        continue;
      }
      head.headEntryId = Number(info.lastInsertRowid);
      head.headHash = hash;
      head.entryCount++;
      stored++;
    }
    if (conflicts.length && !options.allowPartial) throw new ConflictRollback([...rejected, ...conflicts]);
    for (const head of heads.values()) saveChainHead(sqlite, head);
    return { committed: stored > 0, stored, duplicates, rejected: [...rejected, ...conflicts].sort((a, b) => a.index - b.index) };
  });
  let result: AppendResult;
  try {
    result = append.immediate();
  } catch (error) {
    if (!(error instanceof ConflictRollback)) throw error;
    return { committed: false, stored: 0, duplicates: 0, rejected: error.rejected.sort((a, b) => a.index - b.index) };
  }
  if (result.committed) noteWrite(sqlite);
  return result;
}

class ConflictRollback extends Error {
  constructor(readonly rejected: AppendResult['rejected']) {
    super('a batch entry conflicts with a stored one');
  }
}
