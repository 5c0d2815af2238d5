import type { Viewer } from '../src/editing/entity';
import type { CallOffNode } from '../src/entities/callOffs';

export const BORAS_ORG = 'T3JnYW5pc2F0aW9uOjM1';
export const ALE_ORG = 'T3JnYW5pc2F0aW9uOjIy';
/** The same organisations as municipalities (Municipality:35, Municipality:22): a call-off's owner is its municipality. */
export const BORAS = btoa('Municipality:35');
export const ALE = btoa('Municipality:22');
export const orgAdmin: Viewer = { role: 'ORG_ADMIN', organisationId: BORAS_ORG };
export const regionalAdmin: Viewer = { role: 'REGIONAL_ADMIN', organisationId: 'T3JnYW5pc2F0aW9uOjE=' };
export const analyst: Viewer = { role: 'ANALYST', organisationId: 'T3JnYW5pc2F0aW9uOjk=' };

export const OPTIONS = [1, 2, 3].map((n) => ({ id: `O${n}`, number: n, name: `Option ${n} sv`, nameEn: `Option ${n} en` }));

/** A call-off as the API returns it (CallOffFields). */
export function callOffNode(
  id: string,
  option: number,
  municipality: string,
  status: string,
  signedOn: string | null,
  version = 1,
): CallOffNode & { __typename: 'CallOff' } {
  const boras = municipality === BORAS;
  return {
    __typename: 'CallOff',
    id,
    version,
    status: status as CallOffNode['status'],
    signedOn,
    submittedOn: '2020-05-11',
    municipality: { id: municipality, name: boras ? 'Borås' : 'Ale' },
    option: { id: `O${option}`, number: option, name: `Option ${option} sv` },
    procurement: { id: 'P1' },
    owner: { id: boras ? BORAS_ORG : ALE_ORG, name: boras ? 'Borås' : 'Ale' },
  };
}

/** Two municipalities: Borås (options 1 and 3, the second withdrawn) and Ale (options 1 and 2). */
export function matrixData() {
  return {
    options: { nodes: OPTIONS },
    procurements: { nodes: [{ id: 'P1', name: 'Upphandlingen', callOffWindowOpensOn: null, callOffWindowClosesOn: '2020-05-31' }] },
    municipalities: {
      totalCount: 2,
      nodes: [
        {
          id: BORAS,
          code: '1490',
          name: 'Borås',
          powersOfAttorney: { nodes: [{ id: 'PA1', validFrom: null as string | null, validTo: null as string | null }] },
          callOffs: { nodes: [callOffNode('C-b1', 1, BORAS, 'SIGNED', '2020-05-19'), callOffNode('C-b3', 3, BORAS, 'WITHDRAWN', null, 4)] },
        },
        {
          id: ALE,
          code: '1440',
          name: 'Ale',
          powersOfAttorney: { nodes: [{ id: 'PA2', validFrom: null as string | null, validTo: null as string | null }] },
          callOffs: { nodes: [callOffNode('C-a1', 1, ALE, 'SIGNED', '2020-05-22'), callOffNode('C-a2', 2, ALE, 'SUBMITTED', null)] },
        },
      ],
    },
  };
}
