import { ruleBit, summerTimeSpans, type SelectionCriteria } from '@fvm/domain';
import type { Sqlite } from '../client';
import { permissionSql } from '../policyChecks';

// The selection of a log review run, as one SQL statement over the owner's entries for the period:
// the same rules as the domain's `selectForReview` (a test runs both over the same entries), done
// where the entries are, because a month of a large owner is millions of entries.

export interface SelectionScope {
  dataOwnerId: number;
  isDemo: boolean;
  fromMs: number;
  toMs: number;
}

export interface SelectedEntry {
  id: number;
  ruleMask: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Stockholm's offset from UTC for `occurred_at`, as a SQL expression over the period's summer-time spans. */
function offsetSql(fromMs: number, toMs: number): string {
  const spans = summerTimeSpans(fromMs, toMs);
  if (spans.length === 0) return String(HOUR);
  const cases = spans.map((s) => `WHEN occurred_at >= ${s.fromMs} AND occurred_at < ${s.toMs} THEN ${2 * HOUR}`).join(' ');
  return `CASE ${cases} ELSE ${HOUR} END`;
}

/** The domain's `sampleKey` in SQL: xor written as (a | b) - (a & b), every product below 2^63. */
function sampleKeySql(id: string, seed: number): string {
  const mix = 73_244_475;
  const u32 = 4_294_967_296;
  const a = `((${id} * ${mix} + ${seed}) % ${u32})`;
  const b = `((${a} | (${a} >> 16)) - (${a} & (${a} >> 16)))`;
  const c = `((${b} * ${mix}) % ${u32})`;
  return `((${c} | (${c} >> 16)) - (${c} & (${c} >> 16)))`;
}

const on = (c: SelectionCriteria, rule: Parameters<typeof ruleBit>[0]) => (c.rules & ruleBit(rule)) !== 0;

/**
 * The statement, with the criteria's numbers written in (they are integers the routine's rules
 * bound), and the scope as parameters. Rules a routine switched off are left out of the SQL, so
 * they cost nothing.
 */
export function selectionSql(scope: SelectionScope, c: SelectionCriteria): string {
  const int = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
    return n;
  };
  const ctes = [
    `e AS MATERIALIZED (
      SELECT id, user_hsa_id AS u, care_unit AS unit, patient_pseudonym AS p, care_provider_id AS cp, data_owner_id AS owner,
             action, basis, device, category_id AS cat, user_profession AS prof, occurred_at + (${offsetSql(scope.fromMs, scope.toMs)}) AS local
      FROM user_log_entries
      WHERE data_owner_id = @owner AND is_demo = @demo AND occurred_at >= @from AND occurred_at < @to
    )`,
  ];
  const joins: string[] = [];
  const bits: string[] = [`CASE WHEN e.basis = 'emergency_access' THEN ${ruleBit('emergency_access')} ELSE 0 END`];
  if (on(c, 'no_care_relationship')) bits.push(`CASE WHEN e.basis = 'none' THEN ${ruleBit('no_care_relationship')} ELSE 0 END`);
  if (on(c, 'other_care_provider')) bits.push(`CASE WHEN e.cp <> e.owner THEN ${ruleBit('other_care_provider')} ELSE 0 END`);
  if (on(c, 'outside_usual_hours')) {
    bits.push(`CASE WHEN (e.local / ${HOUR}) % 24 < ${int(c.usualHoursStart)} OR (e.local / ${HOUR}) % 24 >= ${int(c.usualHoursEnd)} THEN ${ruleBit('outside_usual_hours')} ELSE 0 END`);
  }
  if (on(c, 'unusual_volume')) {
    ctes.push(
      `ud AS MATERIALIZED (SELECT u, local / ${DAY} AS day, count(*) AS n FROM e GROUP BY u, day)`,
      `um AS (SELECT u, n AS median FROM (SELECT u, n, row_number() OVER (PARTITION BY u ORDER BY n) AS k, count(*) OVER (PARTITION BY u) AS c FROM ud) WHERE k = (c + 1) / 2)`,
      `hot AS MATERIALIZED (SELECT ud.u, ud.day FROM ud JOIN um ON um.u = ud.u WHERE ud.n >= ${int(c.volumeMinimum)} AND ud.n > ${int(c.volumeFactor)} * um.median)`,
    );
    joins.push(`LEFT JOIN hot ON hot.u = e.u AND hot.day = e.local / ${DAY}`);
    bits.push(`CASE WHEN hot.u IS NOT NULL THEN ${ruleBit('unusual_volume')} ELSE 0 END`);
  }
  if (on(c, 'rare_pair')) {
    ctes.push(
      // One user of the unit is min(u) = max(u): a plain GROUP BY, not a sort for DISTINCT.
      `pu AS MATERIALIZED (SELECT p, unit, min(u) = max(u) AS alone FROM e GROUP BY p, unit)`,
      `rare AS MATERIALIZED (SELECT pu.p, pu.unit FROM pu JOIN (SELECT p FROM pu GROUP BY p HAVING count(*) > 1) AS shared ON shared.p = pu.p WHERE pu.alone)`,
    );
    joins.push('LEFT JOIN rare ON rare.p = e.p AND rare.unit = e.unit');
    bits.push(`CASE WHEN rare.p IS NOT NULL THEN ${ruleBit('rare_pair')} ELSE 0 END`);
  }
  if (on(c, 'output_action')) bits.push(`CASE WHEN e.action IN ('print', 'copy', 'export', 'disclose') THEN ${ruleBit('output_action')} ELSE 0 END`);
  if (on(c, 'action_not_permitted')) {
    // The effective policy per profession and category: the owner's own row, else the region's
    // default; of the entries' own kind (demo entries by demo policies), as the registry check judges.
    ctes.push(
      `ep AS MATERIALIZED (
        SELECT p.profession, p.category_id, p.may_read, p.may_write, p.may_sign, p.may_sign_mobile FROM access_policies p
        WHERE p.is_demo = @demo AND (p.owner_org_id = @owner OR (
          p.owner_org_id = (SELECT min(id) FROM organisations WHERE kind = 'region' AND is_demo = 0)
          AND NOT EXISTS (SELECT 1 FROM access_policies o WHERE o.owner_org_id = @owner AND o.is_demo = @demo AND o.profession = p.profession AND o.category_id = p.category_id))))`,
    );
    joins.push('LEFT JOIN ep ON ep.profession = e.prof AND ep.category_id = e.cat');
    const permission = permissionSql('e.action', 'e.device');
    bits.push(
      `CASE WHEN ep.profession IS NOT NULL AND (CASE ${permission} WHEN 'read' THEN ep.may_read WHEN 'write' THEN ep.may_write WHEN 'sign' THEN ep.may_sign WHEN 'sign_mobile' THEN ep.may_sign_mobile END) = 0 THEN ${ruleBit('action_not_permitted')} ELSE 0 END`,
    );
  }
  if (on(c, 'disclosure_without_assessment')) {
    bits.push(
      `CASE WHEN e.action = 'disclose' AND e.cat IN (SELECT id FROM information_categories WHERE harm_assessment_required = 1)
            AND NOT EXISTS (SELECT 1 FROM disclosure_requests d WHERE d.user_log_entry_id = e.id AND d.outcome IS NOT NULL)
       THEN ${ruleBit('disclosure_without_assessment')} ELSE 0 END`,
    );
  }
  ctes.push(`sample AS MATERIALIZED (SELECT id FROM e ORDER BY ${sampleKeySql('id', int(c.seed))}, id LIMIT ${int(c.sampleSize)})`);
  return `WITH ${ctes.join(',\n')}
    SELECT id, mask FROM (
      SELECT e.id AS id, (${bits.join(' | ')}) | CASE WHEN sample.id IS NOT NULL THEN ${ruleBit('random_sample')} ELSE 0 END AS mask
      FROM e ${joins.join(' ')} LEFT JOIN sample ON sample.id = e.id
    ) WHERE mask <> 0 ORDER BY id`;
}

export function runSelection(sqlite: Sqlite, scope: SelectionScope, criteria: SelectionCriteria): SelectedEntry[] {
  const sql = selectionSql(scope, criteria);
  // The statement's intermediate tables (a month of a large owner: millions of rows, sorted) are
  // built in memory rather than in temporary files: several times faster, and freed at its end.
  const before = sqlite.pragma('temp_store', { simple: true });
  sqlite.pragma('temp_store = MEMORY');
  try {
    const rows = sqlite.prepare(sql).raw().all({ owner: scope.dataOwnerId, demo: scope.isDemo ? 1 : 0, from: scope.fromMs, to: scope.toMs }) as [number, number][];
    return rows.map(([id, ruleMask]) => ({ id, ruleMask }));
  } finally {
    sqlite.pragma(`temp_store = ${Number(before)}`);
  }
}
