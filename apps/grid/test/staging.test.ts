import { describe, expect, it } from 'vitest';
import { changedRowCount, initialStaging, latestFacts, stagingReducer, type StagingAction, type StagingState } from '../src/callOffs/staging';
import type { CallOffFacts, Outcome } from '../src/callOffs/types';
import { change } from './fixtures';

const run = (...actions: StagingAction[]) => actions.reduce(stagingReducer, initialStaging);
const facts = (over: Partial<CallOffFacts> = {}): CallOffFacts => ({
  id: 'C1',
  version: 2,
  status: 'draft',
  signedOn: null,
  submittedOn: null,
  optionNumber: 1,
  ownerId: 'O',
  ...over,
});

describe('stagingReducer', () => {
  it('stages edits, counts changed rows (not cells), and a value set back to the server’s is no change', () => {
    let s = run(
      { type: 'stage', changes: [change('C1', 'Inskickad', 'submitted')] },
      { type: 'stage', changes: [change('C2', 'Utkast', 'draft', { option: 3 })] },
      { type: 'stage', changes: [change('C3', 'Utkast', 'draft', { rowId: 'M-ale' })] },
    );
    expect(Object.keys(s.edits)).toEqual(['C1', 'C2', 'C3']);
    expect(changedRowCount(s)).toBe(2);
    s = stagingReducer(s, { type: 'stage', changes: [change('C1', 'Undertecknad', 'signed')] });
    expect(Object.keys(s.edits)).toEqual(['C2', 'C3']);
  });

  it('keeps an unparseable value staged as typed (it is invalid, not dropped)', () => {
    const s = run({ type: 'stage', changes: [change('C1', 'Banan', null)] });
    expect(s.edits.C1).toMatchObject({ raw: 'Banan', status: null });
  });

  it('returns the same state when nothing changes', () => {
    const s = run({ type: 'stage', changes: [change('C1', 'Inskickad', 'submitted')] });
    expect(stagingReducer(s, { type: 'stage', changes: [change('C1', 'Inskickad', 'submitted')] })).toBe(s);
    expect(stagingReducer(initialStaging, { type: 'undo' })).toBe(initialStaging);
    expect(stagingReducer(initialStaging, { type: 'redo' })).toBe(initialStaging);
    expect(stagingReducer(initialStaging, { type: 'discard' })).toBe(initialStaging);
  });

  it('undoes and redoes one user action at a time; a paste of many cells is one step', () => {
    const paste = [change('C1', 'Utkast', 'draft'), change('C2', 'Utkast', 'draft'), change('C3', 'Utkast', 'draft')];
    let s = run({ type: 'stage', changes: [change('C9', 'Inskickad', 'submitted')] }, { type: 'stage', changes: paste });
    expect(Object.keys(s.edits)).toHaveLength(4);
    s = stagingReducer(s, { type: 'undo' });
    expect(Object.keys(s.edits)).toEqual(['C9']);
    s = stagingReducer(s, { type: 'undo' });
    expect(s.edits).toEqual({});
    s = stagingReducer(s, { type: 'redo' });
    s = stagingReducer(s, { type: 'redo' });
    expect(Object.keys(s.edits)).toHaveLength(4);
    expect(s.future).toHaveLength(0);
  });

  it('a new edit after an undo drops the redo branch', () => {
    let s = run({ type: 'stage', changes: [change('C1', 'Utkast', 'draft')] }, { type: 'undo' });
    expect(s.future).toHaveLength(1);
    s = stagingReducer(s, { type: 'stage', changes: [change('C2', 'Utkast', 'draft')] });
    expect(s.future).toHaveLength(0);
    expect(stagingReducer(s, { type: 'redo' })).toBe(s);
  });

  it('discard drops every edit and can itself be undone', () => {
    let s = run({ type: 'stage', changes: [change('C1', 'Utkast', 'draft'), change('C2', 'Utkast', 'draft')] }, { type: 'discard' });
    expect(s.edits).toEqual({});
    s = stagingReducer(s, { type: 'undo' });
    expect(Object.keys(s.edits)).toEqual(['C1', 'C2']);
  });

  it('after Save: saved cells leave the stage, the others stay with their outcome, history restarts', () => {
    const outcomes: Record<string, Outcome> = {
      C1: { kind: 'saved', node: facts({ id: 'C1', version: 2, status: 'draft' }), warnings: [] },
      C2: { kind: 'conflict', yourVersion: 1, current: facts({ id: 'C2', version: 3, status: 'withdrawn' }) },
      C3: { kind: 'invalid', violations: [{ field: 'status', code: 'x', message: 'm', messageSv: 'ms' }] },
    };
    const s = run({ type: 'stage', changes: [change('C1', 'Utkast', 'draft'), change('C2', 'Utkast', 'draft'), change('C3', 'Utkast', 'draft')] }, { type: 'saved', outcomes });
    expect(Object.keys(s.edits)).toEqual(['C2', 'C3']);
    expect(s.outcomes).toEqual(outcomes);
    expect(s.past).toHaveLength(0);
    expect(s.known.C1?.version).toBe(2);
    expect(s.known.C2?.version).toBe(3);
    // The flash of a saved cell goes after a moment.
    const cleared = stagingReducer(s, { type: 'clearOutcomes', callOffIds: ['C1'] });
    expect(Object.keys(cleared.outcomes)).toEqual(['C2', 'C3']);
    expect(stagingReducer(cleared, { type: 'clearOutcomes', callOffIds: ['C1'] })).toBe(cleared);
  });

  it('conflict, keep mine: the edit is re-staged on the server’s version', () => {
    const conflict = (current: CallOffFacts): StagingState =>
      run({ type: 'stage', changes: [change('C2', 'Utkast', 'draft')] }, { type: 'saved', outcomes: { C2: { kind: 'conflict', yourVersion: 1, current } } });
    const s = stagingReducer(conflict(facts({ id: 'C2', version: 5, status: 'withdrawn' })), { type: 'keepMine', callOffId: 'C2' });
    expect(s.edits.C2).toMatchObject({ version: 5, original: 'withdrawn', status: 'draft' });
    expect(s.outcomes.C2).toBeUndefined();
    // If theirs already is mine, there is nothing left to send.
    const same = stagingReducer(conflict(facts({ id: 'C2', version: 5, status: 'draft' })), { type: 'keepMine', callOffId: 'C2' });
    expect(same.edits.C2).toBeUndefined();
  });

  it('conflict, take theirs: the edit is dropped', () => {
    let s = run(
      { type: 'stage', changes: [change('C2', 'Utkast', 'draft')] },
      { type: 'saved', outcomes: { C2: { kind: 'conflict', yourVersion: 1, current: facts({ id: 'C2', version: 5 }) } } },
    );
    s = stagingReducer(s, { type: 'takeTheirs', callOffId: 'C2' });
    expect(s.edits).toEqual({});
    expect(s.outcomes).toEqual({});
    expect(s.known.C2?.version).toBe(5);
  });

  it('editing a cell again clears its old outcome', () => {
    let s = run(
      { type: 'stage', changes: [change('C3', 'Utkast', 'draft')] },
      { type: 'saved', outcomes: { C3: { kind: 'invalid', violations: [] } } },
    );
    s = stagingReducer(s, { type: 'stage', changes: [change('C3', 'Inskickad', 'submitted')] });
    expect(s.outcomes.C3).toBeUndefined();
  });

  it('latestFacts prefers what a mutation told us until a query catches up', () => {
    const fromQuery = facts({ version: 1, status: 'signed' });
    const known = facts({ version: 2, status: 'draft' });
    expect(latestFacts(fromQuery, known)).toBe(known);
    expect(latestFacts(facts({ version: 2 }), known).version).toBe(2);
    expect(latestFacts(fromQuery, undefined)).toBe(fromQuery);
  });
});
