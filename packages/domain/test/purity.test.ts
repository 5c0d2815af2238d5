import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The package runs in the browser grid too: no Node built-ins, no packages, no clock.
const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const files = readdirSync(src).filter((f) => f.endsWith('.ts'));

describe('the domain package is pure', () => {
  it.each(files)('%s imports only relative files of this package, without extensions', (file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]!);
    for (const s of specifiers) {
      expect(s).toMatch(/^\.\/[A-Za-z0-9]+$/);
    }
  });
  it.each(files)('%s does not read the clock', (file) => {
    const text = readFileSync(join(src, file), 'utf8');
    expect(text).not.toMatch(/new Date\(|Date\.now\(/);
  });
});
