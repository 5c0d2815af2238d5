import { canonicalLogEntry } from '@fvm/domain';
import { checkHeadRow } from '../../proof/heads';
import { sourceIdConflict, type AppendResult, type PreparedBatch } from '../../userLogs/append';
import { CHAIN_COLUMNS, ChainsSeal, contentOfRow, linkHash, mergeIntoHead, type ChainHead, type ChainsState } from '../../userLogs/chain';
import type { LogKeys } from '../../userLogs/keys';
import { copyColumns } from '../copy';
import { inTransaction, lock, LOCKS, type PgClient, type PgPool } from '../pool';
import { LaneDirectory } from './lanes';
import { chainRow, entryRow, headRow, storeChainSeals, storeHead } from './rows';

const ENTRY_COLUMNS = [
  'id',
  'occurred_at',
  'user_hsa_id',
  'user_name',
  'user_profession',
  'care_provider_id',
  'care_unit',
  'action',
  'patient_pseudonym',
  'category_id',
  'data_owner_id',
  'basis',
  'device',
  'source_system',
  'source_entry_id',
  'outcome',
  'submitted_by_org_id',
  'is_demo',
  'chain_id',
  'hash',
  'key_id',
] as const;

/** How an append is stored: demo or real, all-or-nothing or partial, its clock, and its owners' lanes. */
export interface StoreBatchOptions {
  isDemo?: boolean;
  allowPartial?: boolean;
  now?: Date;
  /** The owners' lanes this process knows (FVM_LOG_LANES of them each; one unless told). */
  lanes?: LaneDirectory;
}

/**
 * Links a prepared batch into its data owners' chains and stores it in one transaction, as
 * storePreparedBatch does on SQLite, and with the same answers. What SQLite's single writer gives,
 * advisory locks give here, one per lane: an append extends one lane of each owner in the batch,
 * a free one if there is one, so concurrent appends of one owner do not wait for each other; a
 * lane's head, the ids' order in it and the duplicate check under it cannot interleave. Only
 * creating an owner's lanes touches the sealed head all appends share.
 */
export async function storePreparedBatchPg(pool: PgPool, keys: LogKeys, prepared: PreparedBatch, options: StoreBatchOptions = {}): Promise<AppendResult> {
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
  for (let attempt = 1; ; attempt++) {
    try {
      return await appendOnce(pool, keys, prepared, options);
    } catch (error) {
      if (error instanceof ConflictRollback)
        return {
          committed: false,
          stored: 0,
          duplicates: 0,
          rejected: error.rejected.sort((a, b) => a.index - b.index),
          storedEntries: [],
          duplicateEntries: [],
        };
      // Two appends each waiting for a lane the other holds (possible only while lanes are being
      // created): PostgreSQL ends one, which nothing committed, and it is simply run again.
      if ((error as { code?: string }).code === DEADLOCK && attempt < 5) continue;
      // A lane this process remembered is gone (deleted behind the API's back): looked up afresh.
      if (error instanceof LanesChanged && attempt < 5) {
        options.lanes?.forget();
        continue;
      }
      throw error;
    }
  }
}

async function appendOnce(pool: PgPool, keys: LogKeys, prepared: PreparedBatch, options: StoreBatchOptions): Promise<AppendResult> {
  const { rejected, repeats } = prepared;
  const isDemo = options.isDemo ?? false;
  const now = (options.now ?? new Date()).toISOString();
  const lanes = options.lanes ?? new LaneDirectory(1);
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock_shared($1)', [LOCKS.userLogAppends]);
    const owners = [...new Set(prepared.entries.map((e) => e.content.dataOwnerId))].sort((a, b) => a - b);
    const { chosen, created } = await lanes.take(client, owners, isDemo);
    const locked = (await client.query(`SELECT ${CHAIN_COLUMNS} FROM user_log_chains WHERE id = ANY($1::int[])`, [chosen])).rows.map(chainRow);
    if (locked.length !== chosen.length) throw new LanesChanged();
    const head = checkHeadRow<ChainsState>(keys, 'user_log_chains', await headRow(client, 'user_log_chains'));
    // Chains stored before this append (those it created are not yet in any head).
    const storedChains = head.state || head.problem ? 0 : Number((await client.query('SELECT count(*) AS n FROM user_log_chains')).rows[0].n) - created.length;
    const seal = new ChainsSeal(keys, now, head, () => storedChains);
    const adopted = new Map(created.map((r) => [r.id, seal.adopt(r, true)]));
    const heads = new Map<number, ChainHead>(locked.map((r) => [r.data_owner_id, adopted.get(r.id) ?? seal.adopt(r, false)]));
    // Most batches hold no entry stored before: they are stored at once, and the key table's
    // unique index says if one was. Only then is the batch looked up entry by entry and stored again.
    const fromHeads = new Map([...heads].map(([owner, h]) => [owner, { ...h }]));
    const attempt = async (stored: Map<string, Record<string, unknown>>) => {
      const heads = new Map([...fromHeads].map(([owner, h]) => [owner, { ...h }]));
      const conflicts: AppendResult['rejected'] = [];
      const storedEntries: AppendResult['storedEntries'] = [];
      const duplicateEntries: AppendResult['duplicateEntries'] = [];
      const idOfIndex = new Map<number, number>();
      const fresh = prepared.entries.filter(({ index, content }) => {
        const before = stored.get(sourceKey(content.sourceSystem, content.sourceEntryId));
        if (!before) return true;
        if (canonicalLogEntry(contentOfRow(before)) !== canonicalLogEntry(content))
          conflicts.push({ index, violations: [sourceIdConflict(content, 'stored', '')] });
        else {
          duplicateEntries.push({ index, entryId: Number(before.id) });
          idOfIndex.set(index, Number(before.id));
        }
        return false;
      });
      const freshIndexes = new Set(fresh.map((e) => e.index));
      for (const { index, firstIndex } of repeats) {
        const entryId = idOfIndex.get(firstIndex) ?? (freshIndexes.has(firstIndex) ? undefined : null);
        if (entryId === null) conflicts.push({ index, violations: conflicts.find((c) => c.index === firstIndex)!.violations });
      }
      if (conflicts.length && !options.allowPartial) throw new ConflictRollback([...rejected, ...conflicts]);
      // Ids taken under the lock: in the order the entries are linked, as SQLite's rowids are.
      const ids = fresh.length
        ? (
            (await client.query(`SELECT nextval(pg_get_serial_sequence('user_log_entries', 'id')) AS id FROM generate_series(1, $1)`, [fresh.length])).rows as {
              id: number;
            }[]
          ).map((r) => r.id)
        : [];
      const { id: keyId, key } = keys.chain.current;
      const columns: unknown[][] = ENTRY_COLUMNS.map(() => []);
      fresh.forEach(({ index, content }, i) => {
        const chain = heads.get(content.dataOwnerId)!;
        const hash = linkHash(key, chain.headHash, content);
        const id = ids[i]!;
        const values = [
          id,
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
          isDemo,
          chain.id,
          hash,
          keyId,
        ];
        values.forEach((v, c) => columns[c]!.push(v));
        chain.headEntryId = id;
        chain.headHash = hash;
        chain.entryCount++;
        storedEntries.push({ index, entryId: id });
        idOfIndex.set(index, id);
      });
      for (const { index, firstIndex } of repeats) {
        const entryId = idOfIndex.get(firstIndex);
        if (entryId !== undefined) duplicateEntries.push({ index, entryId });
      }
      // PostgreSQL's bulk path for both; the key table is what keeps a source id unique over every
      // month's partition.
      const copied = await copyColumns(client, 'user_log_entries', ENTRY_COLUMNS, columns);
      const keyed = await copyColumns(
        client,
        'user_log_entry_keys',
        ['source_system', 'source_entry_id', 'is_demo', 'entry_id', 'occurred_at'],
        [columns[13]!, columns[14]!, columns[17]!, columns[0]!, columns[1]!],
      );
      if (copied !== fresh.length || keyed !== fresh.length) throw new Error(`stored ${copied} entries and ${keyed} keys of ${fresh.length}`);
      return { heads, conflicts, storedEntries, duplicateEntries };
    };
    await client.query('SAVEPOINT unlooked');
    let outcome: Awaited<ReturnType<typeof attempt>>;
    try {
      outcome = await attempt(new Map());
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await client.query('ROLLBACK TO SAVEPOINT unlooked');
      outcome = await attempt(await storedBySourceId(client, prepared, isDemo));
    }
    const { conflicts, storedEntries, duplicateEntries } = outcome;
    const advanced = [...outcome.heads.values()];
    for (const chain of advanced) seal.advanced(chain);
    await client.query(
      `UPDATE user_log_chains c SET head_entry_id = u.head, head_hash = u.hash, entry_count = u.count
       FROM unnest($1::int[], $2::bigint[], $3::bytea[], $4::bigint[]) AS u(id, head, hash, count) WHERE c.id = u.id`,
      [advanced.map((c) => c.id), advanced.map((c) => c.headEntryId), advanced.map((c) => c.headHash), advanced.map((c) => c.entryCount)],
    );
    await storeChainSeals(client, seal.sealedChainRows());
    for (const chain of advanced) lanes.extended(chain.id, chain.entryCount);
    if (seal.headNeedsSealing) {
      // Created lanes were created under the head's lock, still held; otherwise it is taken now and
      // the head read again, for other appends may have created lanes since it was read.
      if (created.length) await storeHead(client, 'user_log_chains', seal.sealedRow());
      else {
        await lock(client, LOCKS.userLogChains);
        const current = checkHeadRow<ChainsState>(keys, 'user_log_chains', await headRow(client, 'user_log_chains'));
        await storeHead(client, 'user_log_chains', mergeIntoHead(keys, now, current, seal));
      }
    }
    return {
      committed: storedEntries.length > 0,
      stored: storedEntries.length,
      duplicates: duplicateEntries.length,
      rejected: [...rejected, ...conflicts].sort((a, b) => a.index - b.index),
      storedEntries,
      duplicateEntries: duplicateEntries.sort((a, b) => a.index - b.index),
    };
  });
}

const sourceKey = (system: string, id: string) => `${system}\u0000${id}`;
const UNIQUE_VIOLATION = '23505';
const DEADLOCK = '40P01';

/** The entries already stored under the batch's source ids, found through the key table. */
async function storedBySourceId(client: PgClient, prepared: PreparedBatch, isDemo: boolean) {
  const systems = prepared.entries.map((e) => e.content.sourceSystem);
  const ids = prepared.entries.map((e) => e.content.sourceEntryId);
  const { rows } = await client.query(
    `SELECT e.* FROM unnest($1::text[], $2::text[]) AS b(s, i)
     JOIN user_log_entry_keys k ON k.source_system = b.s AND k.source_entry_id = b.i AND k.is_demo = $3
     JOIN user_log_entries e ON e.id = k.entry_id AND e.occurred_at = k.occurred_at`,
    [systems, ids, isDemo],
  );
  return new Map(rows.map((r) => [sourceKey(r.source_system, r.source_entry_id), entryRow(r) as unknown as Record<string, unknown>]));
}

class LanesChanged extends Error {
  constructor() {
    super('a lane this process knew of is gone');
  }
}

class ConflictRollback extends Error {
  constructor(readonly rejected: AppendResult['rejected']) {
    super('a batch entry conflicts with a stored one');
  }
}
