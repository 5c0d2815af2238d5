import { createHmac, createPrivateKey, createPublicKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// The secret behind patient pseudonyms and checkpoint signatures lives outside the database, so a
// copy of the database file alone reveals no identity number (a keyed hash cannot be reversed by
// trying every number without the key). Two sub-keys are derived from it, one per purpose.

export interface ChainKey {
  id: number;
  key: Buffer;
}

export interface LogKeys {
  pseudonym: Buffer;
  /**
   * HMAC keys for the links of every chain (user log entries, the change history, the record of
   * log reads) and for the sealed heads. Key 1 follows from the secret; rotated keys 2, 3, … come
   * from FVM_CHAIN_KEYS or the chain key file. New links use the newest; old ones stay checkable.
   */
  chain: { current: ChainKey; byId: ReadonlyMap<number, Buffer> };
  /** Ed25519: checkpoints are signed with the private key; anyone may check them with the public one. */
  checkpoint: { privateKey: KeyObject; publicKey: KeyObject; publicKeyPem: string };
  source: 'environment' | 'file' | 'created';
}

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), so the key pair follows from the secret.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function derive(secret: Buffer, rotated: readonly ChainKey[]): Omit<LogKeys, 'source'> {
  const sub = (label: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, sub('fvm-registry checkpoint signature')]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const byId = new Map<number, Buffer>([[1, sub('fvm-registry chain link 1')]]);
  for (const k of rotated) byId.set(k.id, k.key);
  const currentId = Math.max(...byId.keys());
  return {
    pseudonym: sub('fvm-registry patient pseudonym'),
    chain: { current: { id: currentId, key: byId.get(currentId)! }, byId },
    checkpoint: { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
}

/**
 * FVM_PSEUDONYM_KEY (64 hex digits) if set; otherwise the key file, created with 32 random bytes
 * and owner-only permissions on first use. Losing the key means old pseudonyms can no longer be
 * matched to identity numbers: back it up with, but apart from, the database.
 */
export function loadLogKeys(keyFile: string, env: NodeJS.ProcessEnv = process.env): LogKeys {
  const rotated = rotatedChainKeys(keyFile, env);
  const fromEnv = env.FVM_PSEUDONYM_KEY;
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('FVM_PSEUDONYM_KEY must be 64 hexadecimal digits (32 bytes).');
    return { ...derive(Buffer.from(fromEnv, 'hex'), rotated), source: 'environment' };
  }
  if (existsSync(keyFile)) {
    const hex = readFileSync(keyFile, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${keyFile} does not hold a 64-hex-digit key.`);
    return { ...derive(Buffer.from(hex, 'hex'), rotated), source: 'file' };
  }
  mkdirSync(dirname(keyFile), { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(keyFile, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  return { ...derive(secret, rotated), source: 'created' };
}

/** The file of rotated chain keys that belongs to a key file: one `<id> <64 hex digits>` a line. */
export function chainKeyFileFor(keyFile: string): string {
  return keyFile.replace(/\.pseudonym\.key$/, '').replace(/\.key$/, '') + '.chain-keys';
}

const CHAIN_KEY_LINE = /^(\d+)[ :]([0-9a-fA-F]{64})$/;

function parseChainKeys(text: string, where: string): ChainKey[] {
  const keys: ChainKey[] = [];
  for (const item of text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = CHAIN_KEY_LINE.exec(item);
    if (!m || Number(m[1]) < 2)
      throw new Error(`${where}: each key is "<id> <64 hex digits>" with an id of 2 or more (key 1 follows from the secret); got "${item.slice(0, 12)}…".`);
    keys.push({ id: Number(m[1]), key: Buffer.from(m[2]!, 'hex') });
  }
  return keys;
}

/** FVM_CHAIN_KEYS (`2:hex,3:hex`) if set, else the chain key file beside the key file, if any. */
function rotatedChainKeys(keyFile: string, env: NodeJS.ProcessEnv): ChainKey[] {
  if (env.FVM_CHAIN_KEYS) return parseChainKeys(env.FVM_CHAIN_KEYS, 'FVM_CHAIN_KEYS');
  const file = chainKeyFileFor(keyFile);
  return existsSync(file) ? parseChainKeys(readFileSync(file, 'utf8'), file) : [];
}

/**
 * Adds a fresh random chain key to the chain key file (owner-only) and returns its id: from the
 * next write on, every chain links and seals under it. Old keys stay, since old links need them.
 */
export function addChainKey(keyFile: string, current: LogKeys, env: NodeJS.ProcessEnv = process.env): number {
  if (env.FVM_CHAIN_KEYS)
    throw new Error('The chain keys come from FVM_CHAIN_KEYS: add the new key there (`<id>:<64 hex digits>`, the next id) on every process, and restart them.');
  const file = chainKeyFileFor(keyFile);
  const id = current.chain.current.id + 1;
  const line = `${id} ${randomBytes(32).toString('hex')}\n`;
  writeFileSync(file, existsSync(file) ? readFileSync(file, 'utf8') + line : line, { mode: 0o600 });
  chmodSync(file, 0o600);
  return id;
}

/** The key file that belongs to a database file: beside it, named after it. */
export function keyFileFor(databaseFile: string): string {
  return databaseFile === ':memory:' ? ':memory:.key' : `${databaseFile.replace(/\.sqlite$/, '')}.pseudonym.key`;
}

// Logs name the same patients over and over; remembering recent pseudonyms spares most HMACs on
// the ingestion path. Bounded, and per key, so a key change can never serve an old pseudonym.
const recent = new WeakMap<Buffer, Map<string, Buffer>>();
const RECENT_MAX = 100_000;

/** HMAC-SHA-256 of the 12-digit identity number, truncated to 128 bits (ample against collisions). */
export function pseudonymisePatient(keys: Pick<LogKeys, 'pseudonym'>, normalisedNumber: string): Buffer {
  let cache = recent.get(keys.pseudonym);
  if (!cache) recent.set(keys.pseudonym, (cache = new Map()));
  let pseudonym = cache.get(normalisedNumber);
  if (!pseudonym) {
    pseudonym = createHmac('sha256', keys.pseudonym).update(normalisedNumber).digest().subarray(0, 16);
    if (cache.size >= RECENT_MAX) cache.clear();
    cache.set(normalisedNumber, pseudonym);
  }
  return pseudonym;
}

/** A stable stand-in for a user's HSA-id or name, for readers who may see patterns but not people. */
export function pseudonymiseText(keys: Pick<LogKeys, 'pseudonym'>, kind: string, value: string): string {
  return `${kind}-${createHmac('sha256', keys.pseudonym).update(`${kind}:${value}`).digest('hex').slice(0, 12)}`;
}
