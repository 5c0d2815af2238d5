import { RETENTION_ACTION_LABELS, RETENTION_ACTIONS } from '@fvm/domain';
import { describe, expect, it } from 'vitest';
import { formatValue, fromApiValue, parseValue, parseVocabulary, toApiValue } from '../src/editing/values';

const actions = { values: RETENTION_ACTIONS, labels: RETENTION_ACTION_LABELS };

describe('per-column parsers: typed, pasted and imported text alike', () => {
  it('text: trimmed; empty is no value', () => {
    expect(parseValue('text', '  Journal ')).toEqual({ ok: true, value: 'Journal' });
    expect(parseValue('text', '   ')).toEqual({ ok: true, value: null });
  });

  it('whole numbers, with spaces as thousands separators; anything else is kept as typed, not a number', () => {
    expect(parseValue('int', '10')).toEqual({ ok: true, value: 10 });
    expect(parseValue('int', '1 000')).toEqual({ ok: true, value: 1000 });
    expect(parseValue('int', '-3')).toEqual({ ok: true, value: -3 });
    expect(parseValue('int', '2,5')).toEqual({ ok: false, value: '2,5' });
    expect(parseValue('int', 'tio')).toEqual({ ok: false, value: 'tio' });
  });

  it('dates: YYYY-MM-DD, also with a time or without dashes; no such day is not a date', () => {
    expect(parseValue('date', '2026-03-01')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseValue('date', '2026-03-01 00:00:00')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseValue('date', '20260301')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseValue('date', '2026-02-30')).toEqual({ ok: false, value: '2026-02-30' });
    expect(parseValue('date', '1/3/2026')).toEqual({ ok: false, value: '1/3/2026' });
  });

  it('yes/no in Swedish and English', () => {
    for (const yes of ['Ja', 'yes', 'TRUE', '1', 'x', '✓']) expect(parseValue('boolean', yes)).toEqual({ ok: true, value: true });
    for (const no of ['Nej', 'no', 'false', '0']) expect(parseValue('boolean', no)).toEqual({ ok: true, value: false });
    expect(parseValue('boolean', 'kanske')).toEqual({ ok: false, value: 'kanske' });
  });

  it('enums: the value, the API’s spelling or either label; otherwise the text goes to the domain’s enum rule', () => {
    expect(parseVocabulary('Gallra', actions)).toBe('purge');
    expect(parseValue('enum', 'PRESERVE', { vocabulary: actions })).toEqual({ ok: true, value: 'preserve' });
    expect(parseValue('enum', ' purge ', { vocabulary: actions })).toEqual({ ok: true, value: 'purge' });
    expect(parseValue('enum', 'Bevara', { vocabulary: actions })).toEqual({ ok: true, value: 'preserve' });
    expect(parseValue('enum', 'Banan', { vocabulary: actions })).toEqual({ ok: false, value: 'Banan' });
  });

  it('references: by label (any case) or by id', () => {
    const options = [
      { id: 'M1', label: 'Borås' },
      { id: 'M2', label: 'Ale' },
    ];
    expect(parseValue('ref', 'borås', { options })).toEqual({ ok: true, value: 'M1' });
    expect(parseValue('ref', 'M2', { options })).toEqual({ ok: true, value: 'M2' });
    expect(parseValue('ref', 'Göteborg', { options })).toEqual({ ok: false, value: 'Göteborg' });
  });

  it('formats values so they parse back to themselves, and speaks the API’s enum spelling', () => {
    expect(formatValue('enum', 'purge', 'sv', { vocabulary: actions })).toBe('Gallra');
    expect(formatValue('enum', 'purge', 'en', { vocabulary: actions })).toBe('Purge');
    expect(formatValue('boolean', true, 'sv', { yes: 'Ja', no: 'Nej' })).toBe('Ja');
    expect(formatValue('ref', 'M1', 'sv', { options: [{ id: 'M1', label: 'Borås' }] })).toBe('Borås');
    expect(formatValue('date', null, 'sv')).toBe('');
    expect(toApiValue('enum', 'last_entry')).toBe('LAST_ENTRY');
    expect(fromApiValue('enum', 'LAST_ENTRY')).toBe('last_entry');
    expect(toApiValue('int', 10)).toBe(10);
  });
});
