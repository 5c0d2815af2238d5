import { describe, expect, it } from 'vitest';
import { utf8Chunks } from '../src/logs/utf8';

async function read(bytes: Buffer, size: number) {
  const chunks = async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };
  let text = '';
  const invalid: number[] = [];
  for await (const c of utf8Chunks(chunks())) {
    text += c.text;
    invalid.push(...c.invalidLines);
  }
  return { text, invalid };
}

describe('the UTF-8 reader of an import', () => {
  it('decodes the same text however the bytes are split, and names exactly the lines that are not UTF-8', async () => {
    // Lines: "å😀", 0xFF + "x", "", "ok ö", a lone lead byte 0xC3, "end" (no final line feed).
    const bytes = Buffer.concat([Buffer.from('å😀\n'), Buffer.from([0xff]), Buffer.from('x\n\nok ö\n'), Buffer.from([0xc3]), Buffer.from('\nend')]);
    for (let size = 1; size <= bytes.length; size++) {
      expect(await read(bytes, size), `chunks of ${size}`).toEqual({ text: bytes.toString('utf8'), invalid: [2, 5] });
    }
  });
  it('finds nothing wrong in valid text split inside its characters, and counts lines past a chunk without a line feed', async () => {
    const bytes = Buffer.from(`${'ä😀'.repeat(50)}\n${'x'.repeat(300)}\n`);
    const broken = Buffer.concat([bytes, Buffer.from([0xe5, 0x0a])]);
    for (const size of [1, 2, 3, 7, 64]) {
      expect(await read(bytes, size)).toEqual({ text: bytes.toString('utf8'), invalid: [] });
      expect((await read(broken, size)).invalid).toEqual([3]);
    }
  });
});
