import { isActiveCallOff, linkedOptionWarnings, validateCallOff, type RuleViolation } from '@fvm/domain';
import { callOffs, optionLinks, options, powersOfAttorney, procurements } from '../schema';
import { known, select } from '../writes/effects';
import type { Candidate, EntityWriteSpec } from '../writes/types';
import { groupBy, rowsWhereIn, writableColumns } from './helpers';

interface CallOffContext {
  powers: Map<number, (typeof powersOfAttorney.$inferSelect)[]>;
  procurements: Map<number, typeof procurements.$inferSelect>;
  defaultProcurementId: number | null;
  existing: Map<string, number>;
}

// Demo call-offs count only among demo call-offs, real ones among real ones: a demo token never learns of a hidden real one.
const key = (municipalityId: unknown, optionId: unknown, isDemo: unknown) => `${municipalityId}:${optionId}:${isDemo ? 1 : 0}`;

export const callOffSpec: EntityWriteSpec<CallOffContext> = {
  entity: 'CallOff',
  table: callOffs,
  writable: writableColumns(callOffs),
  // A call-off is the municipality's, whoever typed it in.
  naturalOwner: (row) => known(row.municipalityId as number),
  *loadContext(candidates) {
    const rows = candidates.map((c) => c.after);
    const powers = groupBy(
      yield* rowsWhereIn(
        powersOfAttorney,
        'municipalityId',
        rows.map((r) => r.municipalityId),
      ),
      (p) => p.municipalityId,
    );
    const allProcurements = yield* select(procurements);
    // Active call-offs already stored for the same municipality and option, other than the rows in this batch.
    const batchIds = new Set(candidates.map((c) => c.after.id).filter((id) => id > 0));
    const existing = new Map<string, number>();
    const municipalityIds = [...new Set(rows.map((r) => r.municipalityId as number))];
    for (let i = 0; i < municipalityIds.length; i += 500) {
      const stored = yield* select(callOffs, { municipalityId: { in: municipalityIds.slice(i, i + 500) }, status: { ne: 'withdrawn' } });
      for (const s of stored)
        if (!batchIds.has(s.id))
          existing.set(key(s.municipalityId, s.optionId, s.isDemo), (existing.get(key(s.municipalityId, s.optionId, s.isDemo)) ?? 0) + 1);
    }
    return {
      powers,
      procurements: new Map(allProcurements.map((p) => [p.id, p])),
      defaultProcurementId: allProcurements.length === 1 ? allProcurements[0]!.id : null,
      existing,
    };
  },
  derive: (c, ctx) => (c.after.procurementId == null && ctx.defaultProcurementId ? { procurementId: ctx.defaultProcurementId } : {}),
  validate(c, ctx, env) {
    const row = c.after;
    const procurement = ctx.procurements.get(row.procurementId as number);
    const k = key(row.municipalityId, row.optionId, row.isDemo);
    // Rows earlier in the same batch count as existing: two new call-offs for one option are one too many.
    const inBatch = isActiveCallOff(row.status as string) ? (ctx.existing.get(k) ?? 0) : 0;
    if (isActiveCallOff(row.status as string)) ctx.existing.set(k, inBatch + 1);
    return validateCallOff(
      {
        municipalityId: row.municipalityId as number,
        optionId: row.optionId as number,
        status: row.status as string,
        submittedOn: (row.submittedOn as string | null) ?? null,
        signedOn: (row.signedOn as string | null) ?? null,
      },
      {
        today: env.today,
        isNew: c.op === 'create' || !!(c.before && (c.before.optionId !== row.optionId || c.before.municipalityId !== row.municipalityId)),
        powersOfAttorney: (ctx.powers.get(row.municipalityId as number) ?? []).map((p) => ({ validFrom: p.validFrom, validTo: p.validTo })),
        window: { opensOn: procurement?.callOffWindowOpensOn ?? null, closesOn: procurement?.callOffWindowClosesOn ?? null },
        otherCallOffsForSameOption: inBatch,
      },
    );
  },
  *warningsAfterWrite(written) {
    const out = new Map<number, RuleViolation[]>();
    const byMunicipality = groupBy(
      written.filter((c) => c.op !== 'delete'),
      (c: Candidate) => key(c.after.municipalityId, 0, c.after.isDemo),
    );
    if (byMunicipality.size === 0) return out;
    const links = yield* select(optionLinks);
    const labels = new Map((yield* select(options)).map((o) => [o.id, `option ${o.number} (${o.name})`]));
    for (const rows of byMunicipality.values()) {
      const municipalityId = rows[0]!.after.municipalityId as number;
      const isDemo = !!rows[0]!.after.isDemo;
      const taken = (yield* select(callOffs, { municipalityId: { eq: municipalityId }, isDemo: { eq: isDemo }, status: { ne: 'withdrawn' } })).map(
        (r) => r.optionId,
      );
      const warnings = linkedOptionWarnings(taken, links, (id) => labels.get(id) ?? `option ${id}`);
      for (const c of rows) out.set(c.index, warnings);
    }
    return out;
  },
};
