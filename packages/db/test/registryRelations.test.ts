import { getTableName, is, Table, type AnyRelation, type SchemaEntry, type TablesRelationalConfig } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pgRelations } from '../src/postgres/registry/db';
import { relations } from '../src/relations';

// The PostgreSQL registry's relations come from the SQLite registry's definition: the same
// relation names on the same tables, joining the same columns to the same targets, with the same
// filters, aliases and optionality. Tables only PostgreSQL has relate to nothing.

const nameOf = (entry: SchemaEntry) => (is(entry, Table) ? getTableName(entry) : 'a view');

function shapeOf(config: TablesRelationalConfig) {
  const columns = (relation: AnyRelation, side: 'sourceColumns' | 'targetColumns') => relation[side].map((c) => c.name);
  return Object.fromEntries(
    Object.entries(config).map(([key, table]) => [
      key,
      {
        table: nameOf(table.table),
        relations: Object.fromEntries(
          Object.entries(table.relations).map(([name, relation]) => [
            name,
            {
              kind: relation.relationType,
              target: relation.targetTableName,
              targetTable: nameOf(relation.targetTable),
              from: columns(relation, 'sourceColumns'),
              to: columns(relation, 'targetColumns'),
              where: relation.where ?? null,
              alias: relation.alias ?? null,
              optional: 'optional' in relation ? relation.optional : null,
              reversed: relation.isReversed ?? false,
            },
          ]),
        ),
      },
    ]),
  );
}

describe('the PostgreSQL registry relations', () => {
  const sqlite = shapeOf(relations);
  const postgres = shapeOf(pgRelations);

  it('are the SQLite registry relations, table by table', () => {
    for (const key of Object.keys(sqlite)) expect(postgres[key], key).toEqual(sqlite[key]);
  });

  it('relate nothing on the tables only PostgreSQL has', () => {
    const extra = Object.keys(postgres).filter((key) => !(key in sqlite));
    expect(extra).toEqual(['userLogEntryKeys']);
    for (const key of extra) expect(postgres[key]!.relations).toEqual({});
  });

  it('cover the registry: every relation of the definition is there', () => {
    const count = (shape: typeof sqlite) => Object.values(shape).reduce((n, t) => n + Object.keys(t.relations).length, 0);
    expect(count(sqlite)).toBeGreaterThan(100);
    expect(count(postgres)).toBe(count(sqlite));
  });
});
