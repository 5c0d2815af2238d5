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

// An entity's own fields get Pothos's field builder for its table: what a field selects is checked
// against the table, and its resolver sees exactly the columns it selected, typed.
export function fieldMisspellings(define: typeof defineEntity) {
  const base = { name: 'Probe', description: 'A probe.', table: 'agreements', columns: {} } as const;
  define({
    ...base,
    fields: (t) => ({
      gaps: t.string({
        select: { columns: { contactPoint: true }, with: { parties: { columns: { role: true } } } },
        resolve: (a) => `${a.contactPoint ?? ''}${a.parties.map((p) => p.role).join()}`,
      }),
      title: t.exposeString('title'),
    }),
  });

  // A misspelt column or relation in `select` is not loaded, so the resolver that reads it does not compile.
  define({
    ...base,
    fields: (t) => ({
      x: t.string({
        select: { columns: { contactPiont: true } },
        // @ts-expect-error the row has no contactPoint: the select misspelt it
        resolve: (a) => a.contactPoint ?? '',
      }),
    }),
  });
  define({
    ...base,
    fields: (t) => ({
      x: t.string({
        select: { with: { partys: { columns: { role: true } } } },
        // @ts-expect-error the row has no parties: the select misspelt the relation
        resolve: (a) => a.parties.map((p) => p.role).join(),
      }),
    }),
  });
  define({
    ...base,
    fields: (t) => ({
      x: t.string({
        select: { with: { parties: { columns: { rol: true } } } },
        // @ts-expect-error the related rows have no role: the select misspelt the related table's column
        resolve: (a) => a.parties.map((p) => p.role).join(),
      }),
    }),
  });
  define({
    ...base,
    fields: (t) => ({
      x: t.string({
        select: { columns: { contactPoint: true } },
        // @ts-expect-error a resolver reading a column it did not select (publicSummary is not loaded)
        resolve: (a) => a.publicSummary ?? '',
      }),
    }),
  });
  // @ts-expect-error exposing a column the table does not have
  define({ ...base, fields: (t) => ({ x: t.exposeString('titel') }) });
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
