// The registry laid out over several PostgreSQL nodes (Citus), for when one node is outgrown: what
// the README's "Beyond one node" describes, kept here as data so that a test can hold it against
// the migrated schema (test/integration/distributedLayout.test.ts) and `citusStatements` can print
// it. Citus is not packaged with the registry, so this is the plan, checked, not a running setup.

/**
 * Distributed and co-located by chain: an entry, its chain's head and the chain's checkpoints live
 * on one node, so an append (which extends one lane of an owner) stays there. The value is each
 * table's distribution column: a chain's id, under whichever name the table gives it.
 */
export const CHAIN_COLOCATED: Readonly<Record<string, string>> = {
  user_log_chains: 'id',
  user_log_entries: 'chain_id',
  user_log_checkpoints: 'chain_id',
};

/**
 * Distributed on a column of their own. A source id is unique over every chain (a resent entry is
 * a duplicate whichever lane it would go to), so its key lives where the source id hashes to: the
 * one part of an append that may leave its lane's node.
 */
export const OWN_DISTRIBUTION: Readonly<Record<string, string>> = {
  user_log_entry_keys: 'source_entry_id',
};

/**
 * On the coordinator alone: one chain or one row for the whole registry (the sealed heads, the
 * change history, the record of reads, the purge gate), or counts the log review reads together
 * (the digest). Every other table is a reference table: the registry itself, small, written
 * rarely, and read by every node (an entry's organisation and information category).
 */
export const ON_COORDINATOR: readonly string[] = [
  'proof_heads',
  'changes',
  'user_log_reads',
  'user_log_purge_gate',
  'user_log_user_days',
  'user_log_patient_units',
  'user_log_action_days',
  'user_log_digest_state',
];

/**
 * What Citus asks of a distributed table that this schema does not give it: every unique
 * constraint must hold its distribution column. Each becomes what `instead` says when the log is
 * distributed; until then PostgreSQL keeps the stricter form.
 */
export const CITUS_CHANGES: readonly { table: string; constraint: string; instead: string }[] = [
  {
    table: 'user_log_entries',
    constraint: 'user_log_entries_pkey',
    instead: 'primary key (id, occurred_at, chain_id): an id is still unique, from one sequence',
  },
  { table: 'user_log_checkpoints', constraint: 'user_log_checkpoints_pkey', instead: 'primary key (id, chain_id)' },
  {
    table: 'user_log_chains',
    constraint: 'user_log_chains_owner_lane_uq',
    instead: 'kept by the writer: lanes are created only under the sealed head’s lock, which reads them first',
  },
  { table: 'user_log_entry_keys', constraint: 'user_log_entry_keys_entry_uq', instead: 'a plain index: an entry id is unique already in user_log_entries' },
];

/**
 * Foreign keys into a distributed table, which Citus refuses from a reference table: each kept by
 * the writer instead, as `instead` says.
 */
export const CITUS_FOREIGN_KEY_CHANGES: readonly { from: string; to: string; instead: string }[] = [
  {
    from: 'disclosure_requests',
    to: 'user_log_entry_keys',
    instead:
      'the write path already checks a disclosure request’s entry when it is written; a purge and demo removal must then clear the links to the keys they delete themselves (today ON DELETE SET NULL does)',
  },
];

export type Placement = { kind: 'chain'; column: string } | { kind: 'own'; column: string } | { kind: 'coordinator' } | { kind: 'reference' };

/** Where a table goes on Citus. */
export function placementOf(table: string): Placement {
  if (CHAIN_COLOCATED[table]) return { kind: 'chain', column: CHAIN_COLOCATED[table]! };
  if (OWN_DISTRIBUTION[table]) return { kind: 'own', column: OWN_DISTRIBUTION[table]! };
  if (ON_COORDINATOR.includes(table)) return { kind: 'coordinator' };
  return { kind: 'reference' };
}

/** The Citus statements that lay out these tables (reference tables first: distributed ones point at them). */
export function citusStatements(tables: readonly string[]): string[] {
  const placed = tables.map((t) => ({ t, p: placementOf(t) }));
  return [
    ...CITUS_CHANGES.map((c) => `-- ${c.table}: ${c.constraint} becomes ${c.instead}`),
    ...CITUS_FOREIGN_KEY_CHANGES.map((c) => `-- ${c.from} → ${c.to}: the foreign key is dropped; ${c.instead}`),
    ...placed.filter(({ p }) => p.kind === 'reference').map(({ t }) => `SELECT create_reference_table('${t}');`),
    `SELECT create_distributed_table('user_log_chains', 'id');`,
    ...placed
      .filter(({ t, p }) => p.kind === 'chain' && t !== 'user_log_chains')
      .map(({ t, p }) => `SELECT create_distributed_table('${t}', '${(p as { column: string }).column}', colocate_with => 'user_log_chains');`),
    ...placed.filter(({ p }) => p.kind === 'own').map(({ t, p }) => `SELECT create_distributed_table('${t}', '${(p as { column: string }).column}');`),
  ];
}
