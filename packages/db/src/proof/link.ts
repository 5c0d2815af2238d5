import { hash } from 'node:crypto';

/** Where every chain starts: 32 zero bytes. */
export const GENESIS = Buffer.alloc(32);

const BLOCK = 64;
const pads = new WeakMap<Buffer, { inner: Buffer; outer: Buffer }>();

function padsOf(key: Buffer) {
  let p = pads.get(key);
  if (!p) {
    if (key.length > BLOCK) throw new Error('chain keys are at most 64 bytes');
    const k = Buffer.concat([key, Buffer.alloc(BLOCK - key.length)]);
    p = { inner: Buffer.from(k.map((b) => b ^ 0x36)), outer: Buffer.from(k.map((b) => b ^ 0x5c)) };
    pads.set(key, p);
  }
  return p;
}

/**
 * HMAC-SHA-256 (RFC 2104) of `previous ‖ canonical` under `key`: the link of one record to the
 * chain before it. Without the key nobody can compute a link, so whoever can write the database
 * file cannot alter a record and recompute the chain after it. Written as two one-shot hashes
 * with the pads computed once per key: it runs once per entry on the ingestion path, and a fresh
 * Hmac object per entry costs a third more.
 */
export function keyedLink(key: Buffer, previous: Buffer, canonical: string): Buffer {
  const { inner, outer } = padsOf(key);
  const innerHash = hash('sha256', Buffer.concat([inner, previous, Buffer.from(canonical)]), 'buffer') as unknown as Buffer;
  return hash('sha256', Buffer.concat([outer, innerHash]), 'buffer') as unknown as Buffer;
}
