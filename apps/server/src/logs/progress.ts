export interface ImportCounts {
  read: number;
  stored: number;
  duplicates: number;
  /** Invalid entries. */
  rejected: number;
  /** Valid entries not stored because their batch held an invalid one. */
  withheld: number;
}

const num = (n: number) => Math.round(n).toLocaleString('en-US');

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The import's progress on stderr (stdout stays for the summary, so it can be captured). On a
 * terminal one line is redrawn in place; in a log file, which \r would garble, a line is written
 * after the first batch and then every few seconds.
 */
export class Progress {
  private readonly started = performance.now();
  private last = -Infinity;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly totalBytes: number,
    private readonly intervalMs = out.isTTY ? 200 : 5_000,
  ) {}

  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  update(c: ImportCounts, bytesRead: number, final = false): void {
    const now = performance.now();
    if (!final && now - this.last < this.intervalMs) return;
    this.last = now;
    const elapsed = this.elapsedSeconds();
    const fraction = this.totalBytes > 0 ? Math.min(1, bytesRead / this.totalBytes) : 1;
    // Time left from bytes, not rows: the file's size is known, its row count is not.
    const left = final ? 0 : bytesRead > 0 ? ((this.totalBytes - bytesRead) * elapsed) / bytesRead : Infinity;
    const text =
      `${(fraction * 100).toFixed(0).padStart(3)}%  ${num(c.read)} rows read, stored ${num(c.stored)}, duplicates ${num(c.duplicates)}, ` +
      `rejected ${num(c.rejected)}${c.withheld ? ` (+${num(c.withheld)} withheld)` : ''}  ${num(elapsed > 0 ? c.read / elapsed : 0)} rows/s  ${final ? `done in ${duration(elapsed)}` : `${duration(left)} left`}`;
    if (this.out.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K${final ? '\n' : ''}`);
    } else this.out.write(`${text}\n`);
  }
}
