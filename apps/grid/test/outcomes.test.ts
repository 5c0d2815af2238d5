import { describe, expect, it } from 'vitest';
import { mapResults, outcomeCounts, type ApiRowResult } from '../src/editing/outcomes';
import { callOffRow } from '../src/entities/callOffs';
import { BORAS, callOffNode } from './fixtures';

// The engine's mapping of a bulk mutation's answer, as the call-off matrix's Save gets it.
const sent = ['C0', 'C1', 'C2', 'C3', 'C4', 'C5'].map((key) => ({ key, version: 1 }));
const node = (id: string, version: number, status: string) => callOffNode(id, 1, BORAS, status, null, version);
const convert = callOffRow;

describe('mapResults: the bulk mutation’s answer, per row', () => {
  const results: ApiRowResult[] = [
    {
      __typename: 'CallOffSaved',
      index: 0,
      node: node('C0', 2, 'DRAFT'),
      warnings: [{ field: 'optionId', code: 'call_off.linked_option_missing', message: 'w', messageSv: 'v', severity: 'WARNING' }],
    },
    { __typename: 'CallOffConflict', index: 1, yourVersion: 1, current: node('C1', 3, 'WITHDRAWN') },
    {
      __typename: 'RowInvalid',
      index: 2,
      violations: [
        {
          field: 'signedOn',
          code: 'required',
          message: 'A signed call-off needs the date it was signed.',
          messageSv: 'Ett undertecknat avrop behöver datumet då det undertecknades.',
        },
      ],
    },
    { __typename: 'RowForbidden', index: 3, message: 'Not yours', messageSv: 'Inte din' },
    { __typename: 'RowNotApplied', index: 4, message: 'Another row failed' },
    { __typename: 'RowNotFound', index: 5, message: 'No such row' },
  ];

  it('maps every kind of result to its row by index, the API’s call-off as the grid keeps it', () => {
    const out = mapResults(sent, results, convert);
    expect(out.C0).toMatchObject({ kind: 'saved', node: { id: 'C0', version: 2, values: { status: 'draft', optionId: 'O1', municipalityId: BORAS } } });
    expect(out.C0?.kind === 'saved' && out.C0.warnings[0]?.code).toBe('call_off.linked_option_missing');
    expect(out.C1).toEqual({
      kind: 'conflict',
      yourVersion: 1,
      current: expect.objectContaining({ id: 'C1', version: 3, values: expect.objectContaining({ status: 'withdrawn' }) }),
    });
    expect(out.C2).toMatchObject({ kind: 'invalid', violations: [{ field: 'signedOn', code: 'required' }] });
    expect(out.C3).toEqual({ kind: 'forbidden', message: 'Not yours', messageSv: 'Inte din' });
    expect(out.C4).toEqual({ kind: 'notApplied', message: 'Another row failed' });
    expect(out.C5).toEqual({ kind: 'notFound', message: 'No such row' });
    expect(outcomeCounts(out)).toEqual({ saved: 1, failed: 5 });
  });

  it('matches results by their index, not their position', () => {
    const out = mapResults(
      sent.slice(0, 2),
      [
        { __typename: 'CallOffSaved', index: 1, node: node('C1', 2, 'DRAFT'), warnings: [] },
        { __typename: 'RowNotApplied', index: 0, message: 'no' },
      ],
      convert,
    );
    expect(out.C0?.kind).toBe('notApplied');
    expect(out.C1?.kind).toBe('saved');
  });

  it('a row without an answer stays unsaved', () => {
    const out = mapResults(sent.slice(0, 2), [{ __typename: 'CallOffSaved', index: 0, node: node('C0', 2, 'DRAFT'), warnings: [] }], convert);
    expect(out.C1?.kind).toBe('notApplied');
  });
});
