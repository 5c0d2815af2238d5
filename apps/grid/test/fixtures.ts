import type { MatrixInput, Viewer } from '../src/callOffs/matrix';
import type { CellChange } from '../src/callOffs/staging';

export const BORAS_ORG = 'T3JnYW5pc2F0aW9uOjM1';
export const ALE_ORG = 'T3JnYW5pc2F0aW9uOjIy';
export const orgAdmin: Viewer = { role: 'ORG_ADMIN', organisationId: BORAS_ORG };
export const regionalAdmin: Viewer = { role: 'REGIONAL_ADMIN', organisationId: 'T3JnYW5pc2F0aW9uOjE=' };
export const analyst: Viewer = { role: 'ANALYST', organisationId: 'T3JnYW5pc2F0aW9uOjk=' };

const callOff = (id: string, option: number, owner: string, status: string, signedOn: string | null, version = 1) => ({
  id,
  version,
  status,
  signedOn,
  submittedOn: '2020-05-11',
  option: { number: option },
  owner: { id: owner },
  procurement: { id: 'P1' },
});

/** Two municipalities: Borås (options 1 and 3, the second withdrawn) and Ale (options 1 and 2). */
export function matrixInput(): MatrixInput {
  return {
    procurements: [{ id: 'P1', callOffWindowOpensOn: null, callOffWindowClosesOn: '2020-05-31' }],
    municipalities: [
      {
        id: 'M-boras',
        code: '1490',
        name: 'Borås',
        powersOfAttorney: [{ validFrom: null, validTo: null }],
        callOffs: [callOff('C-b1', 1, BORAS_ORG, 'SIGNED', '2020-05-19'), callOff('C-b3', 3, BORAS_ORG, 'WITHDRAWN', null, 4)],
      },
      {
        id: 'M-ale',
        code: '1440',
        name: 'Ale',
        powersOfAttorney: [{ validFrom: null, validTo: null }],
        callOffs: [callOff('C-a1', 1, ALE_ORG, 'SIGNED', '2020-05-22'), callOff('C-a2', 2, ALE_ORG, 'SUBMITTED', null)],
      },
    ],
  };
}

export function change(callOffId: string, raw: string, status: CellChange['status'], over: Partial<CellChange> = {}): CellChange {
  return { callOffId, rowId: 'M-boras', option: 1, version: 1, original: 'signed', raw, status, ...over };
}
