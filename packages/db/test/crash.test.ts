import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROWS = 40_000;

function runWriter(file: string, killAtHalfway: boolean, mode = 'batch'): Promise<{ output: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-writer.ts'), file, String(ROWS), mode], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (killAtHalfway && output.includes('HALFWAY')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ output, signal }));
  });
}

function counts(file: string) {
  const sqlite = new Database(file, { readonly: true });
  const services = (sqlite.prepare("select count(*) n from services where name like 'Crash test service %'").get() as { n: number }).n;
  const changes = (sqlite.prepare("select count(*) n from changes where entity = 'Service'").get() as { n: number }).n;
  const kept = (sqlite.prepare("select count(*) n from services where name like 'Crash test kept %'").get() as { n: number }).n;
  sqlite.close();
  return { services, changes, kept };
}

describe('a crash in the middle of a batch', () => {
  it('leaves none of it, and a re-run writes all of it with its history', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fvm-crash-')), 'registry.sqlite');
    const killed = await runWriter(file, true);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.output).not.toContain('DONE');
    expect(counts(file)).toEqual({ services: 0, changes: 0, kept: 0 });

    const rerun = await runWriter(file, false);
    expect(rerun.output).toContain('DONE true');
    expect(counts(file)).toEqual({ services: ROWS, changes: ROWS, kept: 0 });
  }, 120_000);
});

describe('a crash in the middle of a save (deletes, then creates, allowPartial)', () => {
  it('leaves none of it: the rows it deleted are back, none it created is there; a re-run writes all of it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fvm-crash-')), 'registry.sqlite');
    // Killed while creating, after its deletes ran in the same transaction.
    const killed = await runWriter(file, true, 'save');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.output).not.toContain('DONE');
    expect(counts(file)).toEqual({ services: 0, changes: 100, kept: 100 });

    const rerun = await runWriter(file, false, 'save');
    expect(rerun.output).toContain('DONE true');
    expect(counts(file)).toEqual({ services: ROWS, changes: 100 + 100 + ROWS, kept: 0 });
  }, 120_000);
});
