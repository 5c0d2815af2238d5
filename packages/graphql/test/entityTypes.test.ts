import { registryColumns, relationTarget, type RegistryColumn, type RelationTarget } from '@fvm/db';
import { describe, expect, it } from 'vitest';
import type { defineEntity } from '../src/entity';

// The entity definitions are typed by their table: the workspace typecheck (part of `npm test`)
// compiles this file, so each `@ts-expect-error` below fails the build if the misspelling it
// marks ever stops being a type error. The definitions are never run: only their types matter.

export function misspellings(define: typeof defineEntity) {
  const base = { name: 'Probe', description: 'A probe.' } as const;
  define({ ...base, table: 'rolloutStages', columns: { area: { type: 'String', description: 'Area.' } }, search: ['area'], defaultOrder: { number: 'asc' } });
  define({ ...base, table: 'organisations', columns: { code: { type: 'String', column: 'municipalityCode', description: 'Code.' } } });

  // @ts-expect-error a table the registry does not have
  define({ ...base, table: 'organisation', columns: {} });
  // @ts-expect-error a column the table does not have
  define({ ...base, table: 'rolloutStages', columns: { areaa: { type: 'String', description: 'Area.' } } });
  // @ts-expect-error a misspelt column named through `column`
  define({ ...base, table: 'organisations', columns: { code: { type: 'String', column: 'municipalCode', description: 'Code.' } } });
  // @ts-expect-error a misspelt search column
  define({ ...base, table: 'rolloutStages', columns: {}, search: ['areas'] });
  // @ts-expect-error a misspelt sort column
  define({ ...base, table: 'rolloutStages', columns: {}, defaultOrder: { numbr: 'asc' } });
  // @ts-expect-error a misspelt reference column
  define({ ...base, table: 'organisations', columns: {}, refs: { associationID: { types: ['Organisation'], description: 'Association.' } } });
  // @ts-expect-error a relation the table does not have
  define({ ...base, table: 'organisations', columns: {}, relations: { asociation: { description: 'Association.' } } });
}

describe('registry table metadata, typed from the schema', () => {
  it('names a relation’s target table, in the type and at run time', () => {
    const target: RelationTarget<'powersOfAttorney', 'municipality'> = relationTarget('powersOfAttorney', 'municipality');
    expect(target).toBe('organisations');
    expect(relationTarget('organisations', 'rolloutStage')).toBe('rolloutStages');
  });

  it('knows which columns may hold no value', () => {
    const columns = registryColumns('organisations');
    const name: RegistryColumn<'organisations'> = 'name';
    expect(columns[name]?.notNull).toBe(true);
    expect(columns.associationId?.notNull).toBe(false);
  });
});
