/** One page of a Relay connection. */
export interface Page<N> {
  nodes: readonly N[];
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/**
 * Reads a connection block by block over its keyset cursors, for AG Grid's infinite row model.
 * The cursor a block starts after is the end cursor of the block before it, so a block whose
 * predecessor has not been read is reached by reading the blocks before it first (each once: the
 * pages are shared, and a scroll back does not read them again).
 */
export class KeysetPager<N> {
  private readonly after = new Map<number, string | null>([[0, null]]);
  private readonly pages = new Map<number, Promise<Page<N>>>();

  constructor(
    private readonly fetchPage: (first: number, after: string | null) => Promise<Page<N>>,
    readonly blockSize: number,
  ) {}

  /** The block of rows starting at `start` (a multiple of the block size). */
  block(start: number): Promise<Page<N>> {
    if (start % this.blockSize !== 0 || start < 0) return Promise.reject(new Error(`block start ${start} is not a multiple of ${this.blockSize}`));
    const cached = this.pages.get(start);
    if (cached) return cached;
    const page = (async (): Promise<Page<N>> => {
      if (!this.after.has(start)) {
        const previous = await this.block(start - this.blockSize);
        if (!previous.pageInfo.hasNextPage) return { nodes: [], totalCount: previous.totalCount, pageInfo: { endCursor: null, hasNextPage: false } };
      }
      const result = await this.fetchPage(this.blockSize, this.after.get(start) ?? null);
      this.after.set(start + this.blockSize, result.pageInfo.endCursor);
      return result;
    })();
    this.pages.set(start, page);
    page.catch(() => this.pages.delete(start));
    return page;
  }

  /** Every row, page by page (for an export of everything the filter matches). */
  async all(onProgress?: (loaded: number, total: number) => void): Promise<N[]> {
    const out: N[] = [];
    for (let start = 0; ; start += this.blockSize) {
      const page = await this.block(start);
      out.push(...page.nodes);
      onProgress?.(out.length, page.totalCount);
      if (!page.pageInfo.hasNextPage || page.nodes.length === 0) return out;
    }
  }
}
