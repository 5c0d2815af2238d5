import { describe, expect, it } from 'vitest';
import {
  buildMatrix,
  callOffFacts,
  filterRows,
  invalidCellCount,
  matrixCsv,
  matrixMunicipalities,
  planPaste,
  type MatrixCell,
  type MatrixRow,
} from '../src/callOffs/matrix';
import {
  canChange,
  cellChange,
  editsByRow,
  entityReducer,
  roleCanEdit,
  viewRow,
  type CellEdit,
  type EntityRow,
  type EntityStaging,
  type Viewer,
} from '../src/editing/entity';
import { NO_LOOKUPS } from '../src/editing/lookups';
import { emptyStaging } from '../src/editing/staging';
import { callOffConfig } from '../src/entities/callOffs';
import { DICTIONARIES } from '../src/i18n';
import { ALE, analyst, BORAS, BORAS_ORG, matrixData, OPTIONS, orgAdmin, regionalAdmin } from './fixtures';

const TODAY = '2026-01-15';

/** The matrix as the view builds it: the engine's rows, staging and rules under the matrix's shape. */
function matrix(viewer: Viewer = orgAdmin, staging: EntityStaging = emptyStaging(), data = matrixData(), fresh: EntityRow[] = []) {
  const municipalities = matrixMunicipalities(data.municipalities.nodes);
  const config = callOffConfig(callOffFacts(municipalities, data.procurements.nodes));
  const byRow = editsByRow(staging);
  const editing = roleCanEdit(viewer);
  const view = (row: EntityRow) => viewRow(row, { config, viewer, staging, byRow, lookups: NO_LOOKUPS, today: TODAY, editing });
  const rows = buildMatrix(
    { municipalities, options: OPTIONS, added: fresh.filter((r) => staging.added.includes(r.id)), known: Object.values(staging.known) },
    view,
    { editing, mayChange: (owner) => canChange(viewer, owner), viewerOrganisationId: viewer.organisationId },
  );
  const status = config.columns.find((c) => c.field === 'status')!;
  const change = (cell: MatrixCell, raw: string): CellEdit | null => (cell.view ? cellChange(cell.view, status, raw, NO_LOOKUPS) : null);
  return { rows, change, config };
}
const byName = (rows: MatrixRow[], name: string) => rows.find((r) => r.name === name)!;
const stage = (s: EntityStaging, ...changes: (CellEdit | null)[]) => entityReducer(s, { type: 'stage', changes: changes.filter((c): c is CellEdit => !!c) });

describe('the matrix over the editing engine', () => {
  it('a row per municipality in Swedish order, a cell per option with its call-off or none', () => {
    const { rows } = matrix();
    expect(rows.map((r) => r.name)).toEqual(['Ale', 'Borås']);
    const boras = byName(rows, 'Borås');
    expect(boras.cells[1]!.view!.values.status).toBe('signed');
    expect(boras.cells[3]!.view!.values.status).toBe('withdrawn');
    expect(boras.cells[2]!.row).toBeNull();
  });

  it('the viewer changes and registers only its own organisation’s call-offs; a regional admin all; an analyst none', () => {
    const { rows } = matrix();
    const [ale, boras] = [byName(rows, 'Ale'), byName(rows, 'Borås')];
    expect(boras).toMatchObject({ editable: true, own: true, organisationId: BORAS_ORG });
    expect(ale).toMatchObject({ editable: false, own: false });
    expect(boras.cells[1]!.view!.editable).toBe(true);
    expect(boras.cells[2]!.canRegister).toBe(true);
    expect(ale.cells[1]!.view!.editable).toBe(false);
    expect(ale.cells[3]!.canRegister).toBe(false);
    expect(byName(matrix(regionalAdmin).rows, 'Ale').cells[3]!.canRegister).toBe(true);
    expect(byName(matrix(analyst).rows, 'Borås').cells[2]!.canRegister).toBe(false);
  });
});

describe('the domain rules on staged cells (validateCallOff through the entity definition)', () => {
  it('a signed status needs a signed date, and Save is blocked while it is staged', () => {
    const { rows, change } = matrix();
    const s = stage(emptyStaging(), change(byName(rows, 'Borås').cells[3]!, 'Undertecknad'));
    const after = matrix(orgAdmin, s).rows;
    const cell = byName(after, 'Borås').cells[3]!;
    expect(cell.view!.invalidCells).toBe(1);
    expect(Object.values(cell.view!.cells).flat()[0]!.messageSv).toBe('Ett undertecknat avrop behöver datumet då det undertecknades.');
    expect(byName(after, 'Borås').state).toBe('invalid');
    expect(invalidCellCount(after)).toBe(1);
  });

  it('a status the vocabulary does not have is reported by the enum rule, and kept as typed', () => {
    const { rows, change } = matrix();
    const s = stage(emptyStaging(), change(byName(rows, 'Borås').cells[1]!, 'Banan'));
    const cell = byName(matrix(orgAdmin, s).rows, 'Borås').cells[1]!;
    expect(cell.view!.values.status).toBe('Banan');
    expect(cell.view!.cells.status!.map((v) => v.code)).toEqual(['enum']);
  });

  it('an active call-off without a power of attorney in force is refused', () => {
    const data = matrixData();
    data.municipalities.nodes[0]!.powersOfAttorney.nodes = [{ id: 'PA1', validFrom: '2021-01-01', validTo: null }];
    const { rows, change } = matrix(orgAdmin, emptyStaging(), data);
    const s = stage(emptyStaging(), change(byName(rows, 'Borås').cells[3]!, 'Inskickad'));
    const cell = byName(matrix(orgAdmin, s, data).rows, 'Borås').cells[3]!;
    expect(
      Object.values(cell.view!.cells)
        .flat()
        .map((v) => v.code),
    ).toContain('call_off.power_of_attorney_required');
  });

  it('valid edits are pending, labels and values alike', () => {
    const { rows, change } = matrix();
    const boras = byName(rows, 'Borås');
    const s = stage(emptyStaging(), change(boras.cells[1]!, 'Withdrawn'), change(boras.cells[3]!, 'utkast'));
    const after = byName(matrix(orgAdmin, s).rows, 'Borås');
    expect(after.cells[1]!.view!.values.status).toBe('withdrawn');
    expect(after.cells[3]!.view!.values.status).toBe('draft');
    expect(after.state).toBe('pending');
    expect(invalidCellCount([after])).toBe(0);
  });

  it('a new call-off in an empty cell: outside the closed window it is refused, backdated within it it is new', () => {
    const { config } = matrix();
    const row = (submittedOn: string): EntityRow => ({
      id: 'new:1',
      version: 0,
      ownerId: BORAS_ORG,
      ownerName: 'Borås',
      values: { municipalityId: BORAS, optionId: 'O2', status: 'submitted', submittedOn, signedOn: null, procurementId: null },
      labels: {},
      isNew: true,
    });
    const s = entityReducer(emptyStaging(), { type: 'stage', changes: [], add: ['new:1'] });
    const late = byName(matrix(orgAdmin, s, matrixData(), [row(TODAY)]).rows, 'Borås');
    expect(late.cells[2]!.view!.isNew).toBe(true);
    expect(
      Object.values(late.cells[2]!.view!.cells)
        .flat()
        .map((v) => v.code),
    ).toContain('call_off.window_closed');
    const inTime = byName(matrix(orgAdmin, s, matrixData(), [row('2020-05-20')]).rows, 'Borås');
    expect(inTime.cells[2]!.view!.invalidCells).toBe(0);
    expect(inTime.state).toBe('new');
    // A second active call-off of an option the municipality already has breaks "one per municipality and option".
    const twice = config.validate!(
      { municipalityId: ALE, optionId: 'O1', status: 'draft', submittedOn: '2020-05-20', signedOn: null },
      { row: row('2020-05-20'), isNew: true, edited: new Set(), lookups: NO_LOOKUPS, today: TODAY },
    );
    expect(twice.map((v) => v.code)).toContain('call_off.duplicate');
  });
});

describe('search, filter and export', () => {
  it('searches by name or code, and shows own rows, rows with a status or rows without a call-off', () => {
    const { rows } = matrix();
    expect(filterRows(rows, 'bor', 'all').map((r) => r.name)).toEqual(['Borås']);
    expect(filterRows(rows, '1440', 'all').map((r) => r.name)).toEqual(['Ale']);
    expect(filterRows(rows, '', 'mine').map((r) => r.name)).toEqual(['Borås']);
    expect(filterRows(rows, '', 'status:withdrawn').map((r) => r.name)).toEqual(['Borås']);
    expect(filterRows(rows, '', 'status:submitted').map((r) => r.name)).toEqual(['Ale']);
    expect(filterRows(rows, '', 'none').map((r) => r.name)).toEqual(['Ale', 'Borås']);
    expect(filterRows(rows, '', 'changed')).toEqual([]);
  });

  it('exports the rows shown as the cells show them, in the reader’s language', () => {
    const { rows } = matrix();
    const csv = matrixCsv(rows, OPTIONS, DICTIONARIES.sv, 'sv');
    expect(csv.replace('\ufeff', '').split('\r\n')).toEqual([
      'Kommunkod;Kommun;Option 1 · Option 1 sv;Option 2 · Option 2 sv;Option 3 · Option 3 sv',
      '1440;Ale;Undertecknad;Inskickad;',
      '1490;Borås;Undertecknad;;Återkallad',
      '',
    ]);
  });
});

describe('planPaste', () => {
  const columns = [null, null, null, null, 1, 2, 3];

  it('lays the block from the focused cell, parsing each cell like a typed one; cells without a call-off are skipped', () => {
    const { rows, change } = matrix(regionalAdmin);
    const plan = planPaste('Utkast\tInskickad\r\nSIGNED\tÅterkallad\r\n', { rowIndex: 0, columnIndex: 4 }, rows, columns, change);
    // Borås (the second row) has no option 2: that cell is skipped.
    expect(plan.skipped).toBe(1);
    expect(plan.changes.map((c) => [c.rowId, c.raw, c.value])).toEqual([
      ['C-a1', 'Utkast', 'draft'],
      ['C-a2', 'Inskickad', 'submitted'],
      ['C-b1', 'SIGNED', 'signed'],
    ]);
  });

  it('skips read-only cells and anything outside the grid', () => {
    const { rows, change } = matrix(orgAdmin);
    const plan = planPaste('Utkast\tUtkast\tUtkast\tUtkast\nUtkast\nUtkast', { rowIndex: 0, columnIndex: 4 }, rows, columns, change);
    // Ale (first) is another organisation's; Borås's option 1 is its own; there is no third row.
    expect(plan.changes.map((c) => c.rowId)).toEqual(['C-b1']);
    expect(plan.skipped).toBe(5);
  });
});
