import { describe, expect, it } from 'vitest';
import { columnFilter, NULL_VALUE, toApiFilter, toApiOrder, type FilterTarget } from '../src/editing/filters';

const text: FilterTarget = { kind: 'text', path: ['modules'] };
const relation: FilterTarget = { kind: 'text', path: ['municipality', 'name'] };
const number: FilterTarget = { kind: 'number', path: ['years'] };
const date: FilterTarget = { kind: 'date', path: ['validFrom'] };

describe('AG Grid column filters as the API’s filter', () => {
  it('text conditions, through a relation too; the negated ones as NOT', () => {
    expect(columnFilter(text, { filterType: 'text', type: 'contains', filter: 'Journal' })).toEqual({ modules: { contains: 'Journal' } });
    expect(columnFilter(relation, { filterType: 'text', type: 'startsWith', filter: 'Bor' })).toEqual({ municipality: { name: { startsWith: 'Bor' } } });
    expect(columnFilter(text, { filterType: 'text', type: 'equals', filter: 'A' })).toEqual({ modules: { eq: 'A' } });
    expect(columnFilter(text, { filterType: 'text', type: 'notContains', filter: 'A' })).toEqual({ NOT: { modules: { contains: 'A' } } });
    expect(columnFilter(text, { filterType: 'text', type: 'notEqual', filter: 'A' })).toEqual({ NOT: { modules: { eq: 'A' } } });
    expect(columnFilter(text, { filterType: 'text', type: 'blank' })).toEqual({ OR: [{ modules: { isNull: true } }, { modules: { eq: '' } }] });
    expect(columnFilter(text, { filterType: 'text', type: 'notBlank' })).toEqual({ modules: { isNull: false, ne: '' } });
    expect(columnFilter(text, { filterType: 'text', type: 'contains', filter: '' })).toBeUndefined();
  });

  it('numbers and ranges', () => {
    expect(columnFilter(number, { filterType: 'number', type: 'lessThan', filter: 10 })).toEqual({ years: { lt: 10 } });
    expect(columnFilter(number, { filterType: 'number', type: 'greaterThanOrEqual', filter: 5 })).toEqual({ years: { gte: 5 } });
    expect(columnFilter(number, { filterType: 'number', type: 'inRange', filter: 5, filterTo: 10 })).toEqual({ years: { gte: 5, lte: 10 } });
    expect(columnFilter(number, { filterType: 'number', type: 'blank' })).toEqual({ years: { isNull: true } });
  });

  it('dates: the grid’s "YYYY-MM-DD hh:mm:ss" as the API’s dates', () => {
    expect(columnFilter(date, { filterType: 'date', type: 'greaterThan', dateFrom: '2026-01-01 00:00:00' })).toEqual({ validFrom: { gt: '2026-01-01' } });
    expect(columnFilter(date, { filterType: 'date', type: 'inRange', dateFrom: '2026-01-01 00:00:00', dateTo: '2026-12-31 00:00:00' })).toEqual({
      validFrom: { gte: '2026-01-01', lte: '2026-12-31' },
    });
    expect(columnFilter(date, { filterType: 'date', type: 'notEqual', dateFrom: '2026-01-01 00:00:00' })).toEqual({ NOT: { validFrom: { eq: '2026-01-01' } } });
  });

  it('two conditions joined by AND or OR', () => {
    expect(
      columnFilter(text, {
        filterType: 'text',
        operator: 'OR',
        conditions: [
          { filterType: 'text', type: 'contains', filter: 'A' },
          { filterType: 'text', type: 'startsWith', filter: 'B' },
        ],
      }),
    ).toEqual({ OR: [{ modules: { contains: 'A' } }, { modules: { startsWith: 'B' } }] });
  });

  it('a closed list as `in` (in the API’s spelling); yes/no as eq, "not answered" as isNull', () => {
    expect(columnFilter({ kind: 'enum', path: ['action'] }, { filterType: 'choice', values: ['purge'] })).toEqual({ action: { in: ['PURGE'] } });
    expect(columnFilter({ kind: 'boolean', path: ['audits'] }, { filterType: 'choice', values: ['false', NULL_VALUE] })).toEqual({
      OR: [{ audits: { eq: false } }, { audits: { isNull: true } }],
    });
    expect(columnFilter({ kind: 'boolean', path: ['audits'] }, { filterType: 'choice', values: ['true'] })).toEqual({ audits: { eq: true } });
  });

  it('every filtered column and the fixed conditions, ANDed; columns without a target are left out', () => {
    const targets = { modules: text, years: number };
    expect(
      toApiFilter(
        {
          modules: { filterType: 'text', type: 'contains', filter: 'J' },
          years: { filterType: 'number', type: 'equals', filter: 10 },
          owner: { filterType: 'text', filter: 'x' },
        },
        targets,
        { agreementId: { eq: 'A1' } },
      ),
    ).toEqual({ AND: [{ agreementId: { eq: 'A1' } }, { modules: { contains: 'J' } }, { years: { eq: 10 } }] });
    expect(toApiFilter({}, targets)).toBeUndefined();
    expect(toApiFilter(null, targets, { search: 'x' })).toEqual({ search: 'x' });
  });

  it('the sort as orderBy, most significant first; a column without an order field is not sent', () => {
    expect(
      toApiOrder(
        [
          { colId: 'validTo', sort: 'desc' },
          { colId: 'modules', sort: 'asc' },
          { colId: 'validFrom', sort: 'asc' },
        ],
        { validFrom: 'VALID_FROM', validTo: 'VALID_TO' },
      ),
    ).toEqual([
      { field: 'VALID_TO', direction: 'DESC' },
      { field: 'VALID_FROM', direction: 'ASC' },
    ]);
    expect(toApiOrder([], {})).toBeUndefined();
  });
});
