import { agreementEndDate, validateAgreement, validateEnum, validateJointControllership, PARTY_ROLES, RESPONSIBILITY_AREAS, type Art28Key } from '@fvm/domain';
import { agreementParties, agreementServices, agreements, jointControllerResponsibilities, processingInstructions, procurements, services } from '../schema';
import { select } from '../writes/effects';
import type { EntityWriteSpec } from '../writes/types';
import { groupBy, rowsWhereIn, simpleSpec, writableColumns } from './helpers';

interface AgreementContext {
  procurements: Map<number, typeof procurements.$inferSelect>;
  partyCounts: Map<number, number>;
}

function derivedEndDate(procurement: typeof procurements.$inferSelect | undefined) {
  return procurement ? agreementEndDate(procurement) : null;
}

export const agreementSpec: EntityWriteSpec<AgreementContext> = {
  entity: 'Agreement',
  table: agreements,
  writable: writableColumns(agreements),
  *loadContext(candidates) {
    const all = yield* select(procurements);
    const ids = candidates.map((c) => c.after.id).filter((id) => id > 0);
    const parties = groupBy(yield* rowsWhereIn(agreementParties, 'agreementId', ids), (p) => p.agreementId);
    return {
      procurements: new Map(all.map((p) => [p.id, p])),
      partyCounts: new Map([...parties].map(([id, list]) => [id, list.filter((p) => p.role === 'joint_controller').length])),
    };
  },
  // An end date that follows the procurement's term is computed, not typed: fill it in unless
  // the client typed one (which validation then compares with the derived date).
  derive: (c, ctx) =>
    c.after.endFollowsProcurementTerm && c.input.validTo === undefined
      ? { validTo: derivedEndDate(ctx.procurements.get(c.after.procurementId as number)) }
      : {},
  validate(c, ctx) {
    const row = c.after as Record<string, unknown> & { id: number };
    const derived = derivedEndDate(ctx.procurements.get(row.procurementId as number));
    const found = validateAgreement(row as never, {
      derivedEndDate: derived,
      isNew: c.op === 'create',
      previousValidTo: (c.before?.validTo as string | null) ?? null,
    });
    if (row.kind === 'joint_controllership') {
      found.push(...validateJointControllership(row as never, ctx.partyCounts.get(row.id) ?? 0));
    }
    return found;
  },
};

/** Art. 28(3) items as stored columns, for the `missingArt28Items` field and filters. */
export type ProcessorAgreementTerms = Partial<Record<Art28Key, boolean | null>>;

export const agreementPartySpec: EntityWriteSpec = simpleSpec('AgreementParty', agreementParties, (c) =>
  validateEnum(c.after.role as string, PARTY_ROLES, 'role'),
);
export const agreementServiceSpec: EntityWriteSpec = simpleSpec('AgreementService', agreementServices);
export const processingInstructionSpec: EntityWriteSpec = simpleSpec('ProcessingInstruction', processingInstructions);
export const jointControllerResponsibilitySpec: EntityWriteSpec = simpleSpec('JointControllerResponsibility', jointControllerResponsibilities, (c) =>
  validateEnum(c.after.area as string, RESPONSIBILITY_AREAS, 'area'),
);
export const serviceSpec: EntityWriteSpec = simpleSpec('Service', services);
