import { isUtf8 } from 'node:buffer';

/** A run of whole lines of a file as text, and which of them (1 = the file's first line) were not UTF-8. */
export interface TextChunk {
  text: string;
  invalidLines: number[];
}

/**
 * Decodes a byte stream as UTF-8 without ever guessing: a decoder would turn bytes that are not
 * UTF-8 into U+FFFD and the entry would be stored with text nobody sent. Each chunk is cut after
 * its last line feed (a line feed byte never occurs inside a UTF-8 sequence, so no character is
 * split) and checked whole by the native validator; only a chunk that fails is looked at line by
 * line, to name its bad lines. The text of a bad line is still decoded (with U+FFFD) for the report.
 */
export async function* utf8Chunks(input: AsyncIterable<Buffer>): AsyncGenerator<TextChunk> {
  let pending: Buffer[] = [];
  let line = 1;
  for await (const chunk of input) {
    const cut = chunk.lastIndexOf(10) + 1;
    if (cut === 0) {
      pending.push(chunk);
      continue;
    }
    const whole = pending.length ? Buffer.concat([...pending, chunk.subarray(0, cut)]) : chunk.subarray(0, cut);
    pending = cut < chunk.length ? [chunk.subarray(cut)] : [];
    const decoded = decodeLines(whole, line);
    line = decoded.nextLine;
    yield decoded;
  }
  if (pending.length) yield decodeLines(Buffer.concat(pending), line);
}

function decodeLines(bytes: Buffer, firstLine: number): TextChunk & { nextLine: number } {
  if (isUtf8(bytes)) {
    let nextLine = firstLine;
    for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, nl + 1)) nextLine++;
    return { text: bytes.toString('utf8'), invalidLines: [], nextLine };
  }
  const parts: string[] = [];
  const invalidLines: number[] = [];
  let line = firstLine;
  for (let start = 0; start < bytes.length; line++) {
    const nl = bytes.indexOf(10, start);
    const end = nl === -1 ? bytes.length : nl + 1;
    const part = bytes.subarray(start, end);
    if (!isUtf8(part)) invalidLines.push(line);
    parts.push(part.toString('utf8'));
    start = end;
  }
  // `line` has counted one past a final line without a line feed; the next chunk continues it.
  return { text: parts.join(''), invalidLines, nextLine: bytes.at(-1) === 10 ? line : line - 1 };
}
