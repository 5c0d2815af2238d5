import { stringifyDocument, type TypedDocumentNode } from 'urql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../../../test/support/server';

// Each entity's save document is put together by saveDocument (the entity's plural and fields),
// out of gql.tada's sight: each is sent here to a real server, empty, and must be valid there and
// answer as a save does.

const modules = import.meta.glob<Record<string, unknown>>('../src/entities/*.{ts,tsx}', { eager: true });
const saves = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([name]) => /^Save\w+Mutation$/.test(name))
    .map(([name, doc]) => [`${file.split('/').pop()}: ${name}`, doc as TypedDocumentNode] as const),
);

let registry: Registry;
let admin: string;
beforeAll(async () => {
  registry = await startRegistry();
  admin = await registry.newToken('2321000131', 'regional_admin');
});
afterAll(() => registry?.close());

describe('the grid’s save documents', () => {
  it('cover every entity the grid edits', () => {
    expect(saves.length).toBeGreaterThanOrEqual(20);
  });

  it.each(saves)('%s is valid against the server and answers one save', async (_name, doc) => {
    const r = await registry.gql(stringifyDocument(doc), { input: { allowPartial: true } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ save: { committed: false, results: [] } });
  });
});
