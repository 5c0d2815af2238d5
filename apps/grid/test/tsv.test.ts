import { describe, expect, it } from 'vitest';
import { parseTsv } from '../src/editing/tsv';

describe('parseTsv', () => {
  it('splits tabs and CRLF, and the last line break starts no row (Excel)', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('reads LF and CR line breaks, and a block without a final line break (Google Sheets)', () => {
    expect(parseTsv('a\tb\nc\td')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('a\rb')).toEqual([['a'], ['b']]);
  });

  it('keeps a single cell as one cell', () => {
    expect(parseTsv('Undertecknad\r\n')).toEqual([['Undertecknad']]);
    expect(parseTsv('Signed')).toEqual([['Signed']]);
  });

  it('keeps empty cells, including leading, trailing and whole empty rows inside the block', () => {
    expect(parseTsv('\ta\t\n\n\tb')).toEqual([['', 'a', ''], [''], ['', 'b']]);
  });

  it('reads quoted cells holding tabs and line breaks', () => {
    expect(parseTsv('"one\ttwo"\t"line 1\nline 2"\r\nx\t"a\r\nb"\r\n')).toEqual([
      ['one\ttwo', 'line 1\nline 2'],
      ['x', 'a\r\nb'],
    ]);
  });

  it('reads doubled quotes inside a quoted cell as one quote', () => {
    expect(parseTsv('"say ""hej"""\t"""quoted"""')).toEqual([['say "hej"', '"quoted"']]);
    expect(parseTsv('""')).toEqual([['']]);
  });

  it('takes quotes that do not open a cell literally', () => {
    expect(parseTsv('5" disk\tit\'s "fine"')).toEqual([['5" disk', 'it\'s "fine"']]);
  });

  it('takes an unclosed quote literally instead of swallowing the rest of the block', () => {
    expect(parseTsv('"open\tb\nc')).toEqual([['"open', 'b'], ['c']]);
  });

  it('keeps text after a closing quote', () => {
    expect(parseTsv('"a"b\tc')).toEqual([['ab', 'c']]);
  });

  it('reads nothing from nothing', () => {
    expect(parseTsv('')).toEqual([]);
  });

  it('a trailing tab means one more empty cell', () => {
    expect(parseTsv('a\t')).toEqual([['a', '']]);
  });
});
