import { openDatabase, revokeToken, VGR_ORGANISATION_NUMBER } from '@fvm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';

// On SQLite the server answers a token from memory while nothing has been written (tokenCache.ts).
// A revocation must still be refused at the very next request, whoever revokes: another
// connection (the command line, a second server) or this server's own connection.

const QUERY = '{ options(first: 1) { nodes { number } } }';

describe('the token lookup kept in memory stays exact', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry({ engine: 'sqlite', responseCache: false });
  });
  afterAll(async () => registry?.close());

  const status = async (token: string) => (await registry.raw(QUERY, undefined, token)).slice(0, 3);

  it('a token revoked on another connection is refused at the next request', async () => {
    const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');
    expect(await status(token)).toBe('200');
    expect(await status(token)).toBe('200');
    const other = openDatabase(registry.file);
    try {
      expect(revokeToken(other.db, token.slice(0, 10)).revoked).toBe(true);
    } finally {
      other.close();
    }
    expect(await status(token)).toBe('401');
  });

  it("a token revoked on the server's own connection, behind the store's back, is refused at the next request", async () => {
    const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');
    expect(await status(token)).toBe('200');
    expect(await status(token)).toBe('200');
    expect(revokeToken(registry.db, token.slice(0, 10)).revoked).toBe(true);
    expect(await status(token)).toBe('401');
  });

  it('the last use is still written, once a minute', async () => {
    const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');
    const lastUsed = () => registry.sqlite.prepare('SELECT last_used_at FROM api_tokens WHERE prefix = ?').pluck().get(token.slice(0, 10));
    expect(lastUsed()).toBeNull();
    expect(await status(token)).toBe('200');
    const first = lastUsed();
    expect(first).not.toBeNull();
    expect(await status(token)).toBe('200');
    expect(lastUsed()).toBe(first);
  });
});
