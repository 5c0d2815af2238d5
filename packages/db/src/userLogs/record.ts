import type { StoredLogContent } from '@fvm/domain';
import type { UserLogRow } from './read';

/** A stored user log entry in the domain's words, whatever engine stored it: what its hash covers, and more. */
export interface UserLogRecord extends Omit<StoredLogContent, 'patientPseudonymHex'> {
  id: number;
  /** The patient's keyed pseudonym (32 bytes). */
  patientPseudonym: Buffer;
  isDemo: boolean;
}

export function recordOfRow(r: UserLogRow): UserLogRecord {
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    userHsaId: r.user_hsa_id,
    userName: r.user_name,
    userProfession: r.user_profession,
    careProviderId: r.care_provider_id,
    careUnit: r.care_unit,
    action: r.action,
    patientPseudonym: r.patient_pseudonym,
    categoryId: r.category_id,
    dataOwnerId: r.data_owner_id,
    basis: r.basis,
    device: r.device,
    sourceSystem: r.source_system,
    sourceEntryId: r.source_entry_id,
    outcome: r.outcome,
    submittedByOrgId: r.submitted_by_org_id,
    isDemo: r.is_demo === 1,
  };
}
