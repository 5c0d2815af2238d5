import { hasErrors } from '@fvm/domain';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codecFor } from '../src/writes/codec';
import type { Io } from '../src/writes/effects';
import { readOnSqlite } from '../src/writes/onSqlite';
import type { Candidate } from '../src/writes/types';
import { loadDemoData, loadReferenceData, openDatabase, writeSpecs } from '../src';

describe('reference and demo data', () => {
  it('pass every rule the write path enforces', () => {
    const { db, sqlite, close } = openDatabase(join(mkdtempSync(join(tmpdir(), 'fvm-rules-')), 'r.sqlite'));
    loadReferenceData(db);
    loadDemoData(db);
    const env = { viewer: { tokenId: 0, organisationId: 1, role: 'regional_admin' as const }, today: '2026-11-22', now: '2026-11-22T00:00:00.000Z' };
    const broken: string[] = [];
    for (const [entity, spec] of Object.entries(writeSpecs)) {
      const codec = codecFor(spec.table);
      const rows = (sqlite.prepare(`select * from "${codec.sqlName}"`).all() as Record<string, unknown>[]).map((r) => codec.decode(r));
      const candidates: Candidate[] = rows.map((row, index) => ({ index, op: 'update', before: row, after: { ...row }, input: {} }));
      const ctx = spec.loadContext ? readOnSqlite(sqlite, (spec.loadContext as (c: Candidate[], e: typeof env) => Io<unknown>)(candidates, env)) : undefined;
      for (const c of candidates) {
        const violations = (spec.validate as (c: Candidate, ctx: unknown, e: typeof env) => ReturnType<typeof spec.validate>)(c, ctx, env);
        if (hasErrors(violations)) broken.push(`${entity} ${c.after.id}: ${violations.map((v) => v.code).join(', ')}`);
      }
    }
    close();
    expect(broken).toEqual([]);
  });
});
