import { describe, expect, it } from 'vitest';
import { buildMatrix, canChange, invalidCellCount, roleCanEdit } from '../src/callOffs/matrix';
import { changeFor, planPaste } from '../src/callOffs/paste';
import { initialStaging, stagingReducer } from '../src/callOffs/staging';
import { analyst, matrixInput, orgAdmin, regionalAdmin } from './fixtures';

const TODAY = '2026-01-15';
const OPTIONS = [1, 2, 3];
const rowsFor = (viewer = orgAdmin, staging = initialStaging) => buildMatrix(matrixInput(), OPTIONS, staging, viewer, TODAY);

describe('who may change what', () => {
  it('an org_admin changes its own organisation’s rows only; a regional admin all; others none', () => {
    expect(canChange(orgAdmin, 'T3JnYW5pc2F0aW9uOjM1')).toBe(true);
    expect(canChange(orgAdmin, 'T3JnYW5pc2F0aW9uOjIy')).toBe(false);
    expect(canChange(orgAdmin, null)).toBe(false);
    expect(canChange(regionalAdmin, 'anything')).toBe(true);
    expect(canChange(analyst, analyst.organisationId)).toBe(false);
    expect(roleCanEdit(analyst)).toBe(false);
    expect(roleCanEdit(orgAdmin)).toBe(true);
  });

  it('marks rows and cells read-only for the viewer', () => {
    const [boras, ale] = rowsFor();
    expect(boras).toMatchObject({ editable: true, readOnly: false, own: true });
    expect(ale).toMatchObject({ editable: false, readOnly: true, own: false });
    expect(boras!.cells[1]!.editable).toBe(true);
    expect(boras!.cells[2]!.base).toBeNull();
    expect(boras!.cells[2]!.editable).toBe(false);
    expect(ale!.cells[1]!.editable).toBe(false);
    const asRegion = rowsFor(regionalAdmin);
    expect(asRegion[1]).toMatchObject({ editable: true, readOnly: false, own: false });
  });
});

describe('the domain rules on staged cells', () => {
  it('a signed status needs a signed date (validateCallOff), and Save is blocked while it is staged', () => {
    const [boras] = rowsFor();
    const s = stagingReducer(initialStaging, { type: 'stage', changes: [changeFor(boras!, 3, 'Undertecknad')!] });
    const rows = rowsFor(orgAdmin, s);
    const cell = rows[0]!.cells[3]!;
    expect(cell.invalid).toBe(true);
    expect(cell.violations.map((v) => v.code)).toEqual(['required']);
    expect(cell.violations[0]!.messageSv).toBe('Ett undertecknat avrop behöver datumet då det undertecknades.');
    expect(rows[0]!.state).toBe('invalid');
    expect(invalidCellCount(rows)).toBe(1);
  });

  it('a status the vocabulary does not have is reported by the enum rule', () => {
    const [boras] = rowsFor();
    const s = stagingReducer(initialStaging, { type: 'stage', changes: [changeFor(boras!, 1, 'Banan')!] });
    const cell = rowsFor(orgAdmin, s)[0]!.cells[1]!;
    expect(cell.value).toBe('Banan');
    expect(cell.violations.map((v) => v.code)).toEqual(['enum']);
    expect(cell.violations[0]!.message).toContain('"Banan" is not an allowed value');
  });

  it('an emptied cell is reported as required', () => {
    const [boras] = rowsFor();
    const s = stagingReducer(initialStaging, { type: 'stage', changes: [changeFor(boras!, 1, '')!] });
    expect(rowsFor(orgAdmin, s)[0]!.cells[1]!.violations.map((v) => v.code)).toEqual(['required']);
  });

  it('a call-off without a power of attorney in force cannot be made active', () => {
    const input = matrixInput();
    input.municipalities[0]!.powersOfAttorney = [{ validFrom: '2021-01-01', validTo: null }];
    const rows = buildMatrix(input, OPTIONS, initialStaging, orgAdmin, TODAY);
    const s = stagingReducer(initialStaging, { type: 'stage', changes: [changeFor(rows[0]!, 3, 'Inskickad')!] });
    const cell = buildMatrix(input, OPTIONS, s, orgAdmin, TODAY)[0]!.cells[3]!;
    expect(cell.violations.map((v) => v.code)).toContain('call_off.power_of_attorney_required');
  });

  it('valid edits are pending, not invalid', () => {
    const [boras] = rowsFor();
    const s = stagingReducer(initialStaging, { type: 'stage', changes: [changeFor(boras!, 1, 'Withdrawn')!, changeFor(boras!, 3, 'utkast')!] });
    const rows = rowsFor(orgAdmin, s);
    expect(rows[0]!.cells[1]).toMatchObject({ value: 'withdrawn', invalid: false });
    expect(rows[0]!.cells[3]).toMatchObject({ value: 'draft', invalid: false });
    expect(rows[0]!.state).toBe('pending');
    expect(invalidCellCount(rows)).toBe(0);
  });
});

describe('planPaste', () => {
  const columns = [null, null, null, 1, 2, 3];

  it('lays the block from the focused cell, parsing each cell like a typed one', () => {
    const rows = rowsFor(regionalAdmin);
    const plan = planPaste('Utkast\tInskickad\r\nSIGNED\tÅterkallad\r\n', { rowIndex: 0, columnIndex: 3 }, rows, columns);
    // Borås has no option 2: that cell is skipped.
    expect(plan.skipped).toBe(1);
    expect(plan.changes.map((c) => [c.callOffId, c.raw, c.status])).toEqual([
      ['C-b1', 'Utkast', 'draft'],
      ['C-a1', 'SIGNED', 'signed'],
      ['C-a2', 'Återkallad', 'withdrawn'],
    ]);
  });

  it('skips read-only cells and anything outside the grid', () => {
    const plan = planPaste('Utkast\tUtkast\tUtkast\tUtkast\nUtkast\nUtkast', { rowIndex: 0, columnIndex: 3 }, rowsFor(orgAdmin), columns);
    // Borås: options 1 and 3 are its own; option 2 has no call-off; a fourth column is outside the grid.
    // Ale's row is another organisation's, and there is no third row.
    expect(plan.changes.map((c) => c.callOffId)).toEqual(['C-b1', 'C-b3']);
    expect(plan.skipped).toBe(4);
  });

  it('keeps text that is no status, so the rules mark it', () => {
    const plan = planPaste('"Banan\tsplit"', { rowIndex: 0, columnIndex: 3 }, rowsFor(orgAdmin), columns);
    expect(plan.changes).toEqual([expect.objectContaining({ raw: 'Banan\tsplit', status: null })]);
  });
});
