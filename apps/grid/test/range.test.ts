import { describe, expect, it } from 'vitest';
import { boundsOf, extend, inBounds, isSingle, singleCell, toHtmlTable, toTsv } from '../src/editing/range';
import { parseTsv } from '../src/editing/tsv';

describe('a block of cells chosen with Shift', () => {
  it('grows and shrinks from the anchor, which stays', () => {
    let r = singleCell({ row: 5, col: 3 });
    r = extend(r, 'ArrowDown', 100, 2, 8);
    r = extend(r, 'ArrowDown', 100, 2, 8);
    r = extend(r, 'ArrowRight', 100, 2, 8);
    expect(r).toEqual({ anchor: { row: 5, col: 3 }, end: { row: 7, col: 4 } });
    expect(boundsOf(r)).toEqual({ top: 5, bottom: 7, left: 3, right: 4 });
    r = extend(extend(extend(r, 'ArrowUp', 100, 2, 8), 'ArrowUp', 100, 2, 8), 'ArrowUp', 100, 2, 8);
    // Past the anchor it grows the other way.
    expect(boundsOf(r)).toEqual({ top: 4, bottom: 5, left: 3, right: 4 });
    expect(isSingle(r)).toBe(false);
    expect(inBounds(boundsOf(r), 4, 4)).toBe(true);
    expect(inBounds(boundsOf(r), 6, 4)).toBe(false);
  });

  it('stays within the rows and the columns a block may cover', () => {
    let r = singleCell({ row: 0, col: 2 });
    r = extend(r, 'ArrowUp', 3, 2, 4);
    r = extend(r, 'ArrowLeft', 3, 2, 4);
    expect(r.end).toEqual({ row: 0, col: 2 });
    for (let i = 0; i < 5; i++) r = extend(extend(r, 'ArrowDown', 3, 2, 4), 'ArrowRight', 3, 2, 4);
    expect(r.end).toEqual({ row: 2, col: 4 });
    expect(extend(r, 'Enter', 3, 2, 4)).toBe(r);
  });
});

describe('a block as the clipboard has it', () => {
  const block = [
    ['Journal', 'Bevaras', '10'],
    ['Tab\there', 'two\nlines', 'say "hej"'],
    ['', ' leading space', 'CR\r\nLF'],
  ];

  it('is TSV that Excel and Google Sheets read back cell for cell', () => {
    const text = toTsv(block);
    expect(text).toBe('Journal\tBevaras\t10\r\n"Tab\there"\t"two\nlines"\t"say ""hej"""\r\n\t leading space\t"CR\r\nLF"\r\n');
    // The grid's own paste reads spreadsheets' TSV: the round trip loses nothing.
    expect(parseTsv(text)).toEqual(block);
  });

  it('is an HTML table with the text escaped and line breaks kept inside the cell', () => {
    const html = toHtmlTable([['<b>&', 'a\nb']]);
    expect(html).toContain('<td>&lt;b&gt;&amp;</td>');
    expect(html).toMatch(/<td>a<br[^>]*>b<\/td>/);
    expect(html.match(/<tr>/g)).toHaveLength(1);
  });
});
