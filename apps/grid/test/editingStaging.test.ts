import { describe, expect, it } from 'vitest';
import { cellKey, changedRows, entityReducer, type CellEdit, type EntityRow, type EntityStaging } from '../src/editing/entity';
import { emptyStaging, type StagingAction } from '../src/editing/staging';
import { unsavedText } from '../src/editing/leaveGuard';
import { StagingStore } from '../src/editing/stagingStore';
import { DICTIONARIES } from '../src/i18n/dictionary';

const row = (id: string, version = 1, values: Record<string, unknown> = {}): EntityRow => ({ id, version, ownerId: 'O', ownerName: 'Org', values, labels: {} });
const edit = (rowId: string, field: string, value: unknown, over: Partial<CellEdit> = {}): CellEdit => ({
  rowId,
  field,
  version: 1,
  original: null,
  raw: String(value ?? ''),
  value,
  ok: true,
  ...over,
});
const run = (...actions: StagingAction<CellEdit, EntityRow>[]) => actions.reduce(entityReducer, emptyStaging<CellEdit, EntityRow>());

describe('the generic staging reducer (keyed by row and column)', () => {
  it('stages cells per row and column; a value set back to the server’s is no change; unparseable text stays staged', () => {
    let s = run({
      type: 'stage',
      changes: [edit('L1', 'modules', 'Journal'), edit('L1', 'validTo', '2027-01-01'), edit('L2', 'validFrom', 'banan', { ok: false })],
    });
    expect(Object.keys(s.edits)).toEqual([cellKey('L1', 'modules'), cellKey('L1', 'validTo'), cellKey('L2', 'validFrom')]);
    expect([...changedRows(s)]).toEqual(['L1', 'L2']);
    s = entityReducer(s, { type: 'stage', changes: [edit('L1', 'modules', 'Journal', { original: 'Journal' })] });
    expect(Object.keys(s.edits)).toEqual([cellKey('L1', 'validTo'), cellKey('L2', 'validFrom')]);
    // The same change again changes nothing (and the state is the same object).
    expect(entityReducer(s, { type: 'stage', changes: [edit('L1', 'validTo', '2027-01-01')] })).toBe(s);
  });

  it('undo and redo one action at a time: a paste of many cells, added rows and deletions are one step each', () => {
    let s = run(
      { type: 'stage', changes: [edit('L1', 'modules', 'A'), edit('L2', 'modules', 'B'), edit('L3', 'modules', 'C')] },
      { type: 'stage', changes: [], add: ['new:1'] },
      { type: 'deleteRows', rows: [{ id: 'L9', version: 4 }] },
    );
    expect(s.added).toEqual(['new:1']);
    expect(s.deleted).toEqual({ L9: 4 });
    expect(changedRows(s).size).toBe(5);
    s = entityReducer(s, { type: 'undo' });
    expect(s.deleted).toEqual({});
    s = entityReducer(s, { type: 'undo' });
    expect(s.added).toEqual([]);
    s = entityReducer(s, { type: 'undo' });
    expect(s.edits).toEqual({});
    s = entityReducer(entityReducer(entityReducer(s, { type: 'redo' }), { type: 'redo' }), { type: 'redo' });
    expect(Object.keys(s.edits)).toHaveLength(3);
    expect(s.added).toEqual(['new:1']);
    expect(s.deleted).toEqual({ L9: 4 });
  });

  it('deleting a row added here just removes it with its cells; a deletion can be taken back', () => {
    let s = run(
      { type: 'stage', changes: [edit('new:1', 'modules', 'A', { version: 0 })], add: ['new:1'] },
      { type: 'deleteRows', rows: [{ id: 'new:1', version: 0 }] },
    );
    expect(s.added).toEqual([]);
    expect(s.edits).toEqual({});
    s = entityReducer(s, { type: 'deleteRows', rows: [{ id: 'L1', version: 2 }] });
    expect(s.deleted).toEqual({ L1: 2 });
    s = entityReducer(s, { type: 'restoreRows', ids: ['L1'] });
    expect(s.deleted).toEqual({});
  });

  it('after Save: saved rows leave the stage (created rows by their temporary id), others keep their outcome; history restarts', () => {
    const s = run(
      { type: 'stage', changes: [edit('L1', 'modules', 'A'), edit('L2', 'modules', 'B'), edit('new:1', 'modules', 'C', { version: 0 })], add: ['new:1'] },
      { type: 'deleteRows', rows: [{ id: 'L3', version: 1 }] },
      {
        type: 'saved',
        outcomes: {
          L1: { kind: 'saved', node: row('L1', 2, { modules: 'A' }), warnings: [] },
          L2: { kind: 'invalid', violations: [{ field: 'modules', code: 'x', message: 'm', messageSv: 'ms' }] },
          L3: { kind: 'saved', node: null, warnings: [] },
          L77: { kind: 'saved', node: row('L77', 1, { modules: 'C' }), warnings: [] },
        },
        created: { 'new:1': 'L77' },
      },
    );
    expect(Object.keys(s.edits)).toEqual([cellKey('L2', 'modules')]);
    expect(s.added).toEqual([]);
    expect(s.deleted).toEqual({});
    expect(s.past).toHaveLength(0);
    expect(s.known.L1?.version).toBe(2);
    expect(Object.keys(s.outcomes).sort()).toEqual(['L1', 'L2', 'L3', 'L77']);
  });

  it('conflict, keep mine: every cell of the row is re-based on the server’s version (a cell theirs already matches goes)', () => {
    const current = row('L1', 5, { modules: 'Theirs', validTo: '2027-01-01' });
    const conflicted: EntityStaging = run(
      { type: 'stage', changes: [edit('L1', 'modules', 'Mine'), edit('L1', 'validTo', '2027-01-01')] },
      { type: 'saved', outcomes: { L1: { kind: 'conflict', yourVersion: 1, current } } },
    );
    const s = entityReducer(conflicted, { type: 'keepMine', rowId: 'L1' });
    expect(s.edits[cellKey('L1', 'modules')]).toMatchObject({ version: 5, original: 'Theirs', value: 'Mine' });
    expect(s.edits[cellKey('L1', 'validTo')]).toBeUndefined();
    expect(s.outcomes.L1).toBeUndefined();
    // Take theirs: the row's cells go; the row shows the server's values (known).
    const theirs = entityReducer(conflicted, { type: 'takeTheirs', rowId: 'L1' });
    expect(theirs.edits).toEqual({});
    expect(theirs.known.L1).toBe(current);
  });

  it('a deletion that conflicts is re-quoted with the current version on keep mine', () => {
    const s = run(
      { type: 'deleteRows', rows: [{ id: 'L1', version: 1 }] },
      { type: 'saved', outcomes: { L1: { kind: 'conflict', yourVersion: 1, current: row('L1', 3) } } },
      { type: 'keepMine', rowId: 'L1' },
    );
    expect(s.deleted).toEqual({ L1: 3 });
  });

  it('discard drops edits, new rows and deletions in one undoable step', () => {
    let s = run(
      { type: 'stage', changes: [edit('L1', 'modules', 'A')], add: ['new:1'] },
      { type: 'deleteRows', rows: [{ id: 'L2', version: 1 }] },
      { type: 'discard' },
    );
    expect([s.edits, s.added, s.deleted]).toEqual([{}, [], {}]);
    s = entityReducer(s, { type: 'undo' });
    expect(s.added).toEqual(['new:1']);
    expect(entityReducer(emptyStaging(), { type: 'discard' })).toEqual(emptyStaging());
  });
});

describe('the staging store above the views', () => {
  it('counts staged rows by what they are, and the question before leaving says so in either language', () => {
    const store = new StagingStore();
    store.entry('agreements').state = run({ type: 'stage', changes: [edit('A1', 'name', 'Ny')] });
    store.entry('call-offs', 'callOffs').state = run({ type: 'stage', changes: [edit('C1', 'status', 'DRAFT'), edit('C2', 'status', 'DRAFT')] });
    store.shown.add('call-offs');
    expect(store.changes(true)).toEqual({ rows: 0, callOffs: 2 });
    expect(store.changes()).toEqual({ rows: 1, callOffs: 2 });
    expect(unsavedText(DICTIONARIES.sv, store.changes(true))).toBe('2 ändrade avrop');
    expect(unsavedText(DICTIONARIES.sv, store.changes())).toBe('1 ändrad rad och 2 ändrade avrop');
    expect(DICTIONARIES.en.signOutBody(unsavedText(DICTIONARIES.en, store.changes()))).toBe(
      'You have 1 changed row and 2 changed call-offs not yet saved. The changes are lost if you sign out.',
    );
    store.discardAll();
    expect(store.changes()).toEqual({ rows: 0, callOffs: 0 });
  });
});
