import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';

let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry.close());

describe('smoke', () => {
  it('serves municipalities without a token', async () => {
    const r = await registry.gql('{ municipalities(first: 100) { totalCount } }');
    expect(r.data.municipalities.totalCount).toBe(49);
  });
});
