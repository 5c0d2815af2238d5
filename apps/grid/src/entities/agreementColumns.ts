import { AGREEMENT_STATUS_LABELS, AGREEMENT_STATUSES } from '@fvm/domain';
import type { ColumnSpec, EntityRow } from '../editing/entity';
import { dateColumn, textColumn, validityColumns, vocabulary } from './shared';

// The agreement grids (all agreements, processor agreements, joint controllerships) show one table
// through three connections, so they share these columns; each grid adds its kind's own.

const partyCount = (row: EntityRow) => (row.node as { parties?: { totalCount: number } } | undefined)?.parties?.totalCount ?? 0;
export const jointControllerCount = (row: EntityRow) =>
  (row.node as { jointControllers?: { totalCount: number } } | undefined)?.jointControllers?.totalCount ?? 0;

// Wide enough that titles which differ only at the end (the municipality) are read whole.
export const title = textColumn('title', (t) => t.colTitle, { required: true, order: 'TITLE', flex: 2, minWidth: 440, pinned: true });
export const status: ColumnSpec = {
  field: 'status',
  header: (t) => t.colAgreementStatus,
  kind: 'enum',
  vocabulary: vocabulary(AGREEMENT_STATUSES, AGREEMENT_STATUS_LABELS),
  editable: true,
  required: true,
  order: 'STATUS',
  filter: { kind: 'enum', path: ['status'] },
  width: 150,
};
export const reference = textColumn('reference', (t) => t.colReference, { width: 150 });
export const signedOn = dateColumn('signedOn', (t) => t.colSignedOn, { order: 'SIGNED_ON', width: 130 });
export const [validFrom, validTo] = validityColumns(130);
export const parties: ColumnSpec = {
  field: 'parties',
  header: (t) => t.colParties,
  kind: 'computed',
  compute: (_v, row) => (row.isNew ? null : partyCount(row)),
  width: 90,
};
