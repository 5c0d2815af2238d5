import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../src/slicedAnswers';

// The sliced writer must write exactly what JSON.stringify would: the client cannot tell them apart.
describe('answers written in slices', () => {
  it('joins to JSON.stringify’s text, with its rules for undefined, functions, toJSON and odd keys', () => {
    const value = {
      data: {
        bundle: {
          resourceType: 'Bundle',
          total: 3,
          skipped: undefined,
          fn: () => 1,
          entry: [{ a: 1, b: undefined, c: [1, undefined, null] }, undefined, null, 'x', [], {}],
          when: new Date(Date.UTC(2026, 11, 3)),
          'ke"y\n': 'å "quoted" \u2028',
        },
        empty: [],
        nothing: null,
        nested: Object.assign(Object.create(null), { n: [[1, 2], { deep: [true, false] }] }),
      },
    };
    expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value));
    for (const leaf of [1, 'text', null, true, [], {}, [undefined]]) expect([...jsonPieces(leaf)].join('')).toBe(JSON.stringify(leaf));
  });
});
