import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../src/identifiers';
import { EARLIEST_LOG_TIME_MS, LOG_TEXT_RULES, readIsoInstant, validateUserLogEntry, type UserLogEntryInput } from '../src/userLogs';
import { codes } from './helpers';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const TODAY = '2026-11-22';
const lookups = { organisation: (ref: string) => (ref === '1480' ? 1 : null), category: (code: string) => (code === 'journal_note' ? 1 : null) };
const nine = '212000480';
const ENTRY: UserLogEntryInput = {
  occurredAt: '2026-10-15T09:30:00Z',
  userHsaId: `SE${nine}${luhnCheckDigit(nine)}-U1`,
  userName: 'Anna Andersson',
  userProfession: 'nurse',
  careProvider: '1480',
  careUnit: 'Hemsjukvård 1',
  action: 'read',
  patient: `19850412234${luhnCheckDigit('850412234')}`,
  category: 'journal_note',
  dataOwner: '1480',
  basis: 'care_relationship',
  device: 'desktop',
  sourceSystem: 'Millennium',
  sourceEntryId: 'e-1',
  outcome: 'success',
};
const check = (e: Partial<UserLogEntryInput>) => codes(validateUserLogEntry({ ...ENTRY, ...e }, TODAY, NOW, lookups).violations);

describe('validateUserLogEntry: text', () => {
  it('accepts the plain entry', () => {
    expect(check({})).toEqual([]);
  });
  it.each(Object.keys(LOG_TEXT_RULES) as (keyof UserLogEntryInput)[])(
    'refuses a lone surrogate, a NUL and a text past the limit in %s, once each, naming the field',
    (field) => {
      expect(check({ [field]: 'X\uD800Y' })).toEqual([`${field}:text.malformed`]);
      expect(check({ [field]: 'X\u0000Y' })).toEqual([`${field}:text.control_character`]);
      expect(check({ [field]: 'x'.repeat(LOG_TEXT_RULES[field].max + 1) })).toEqual([`${field}:text.too_long`]);
    },
  );
  it('allows line breaks in names and units only', () => {
    expect(check({ careUnit: 'Hemsjukvård\nvåning 2', userName: 'Anna\r\nAndersson' })).toEqual([]);
    expect(check({ sourceEntryId: 'e\n1' })).toEqual(['sourceEntryId:text.control_character']);
  });
  it('sets limits a real value never reaches: HSA-id 31, names and units 200, profession and source system 100, entry id 200', () => {
    expect([
      LOG_TEXT_RULES.userHsaId.max,
      LOG_TEXT_RULES.userName.max,
      LOG_TEXT_RULES.careUnit.max,
      LOG_TEXT_RULES.userProfession.max,
      LOG_TEXT_RULES.sourceSystem.max,
      LOG_TEXT_RULES.sourceEntryId.max,
    ]).toEqual([31, 200, 200, 100, 100, 200]);
    expect(check({ careUnit: 'å'.repeat(200), sourceEntryId: 'x'.repeat(200) })).toEqual([]);
  });
});

describe('validateUserLogEntry: time', () => {
  it('refuses a time before 1900, and accepts 1900-01-01T00:00Z', () => {
    expect(check({ occurredAt: '1899-12-31T23:59:59Z' })).toEqual(['occurredAt:log.time_too_early']);
    expect(check({ occurredAt: '0001-01-01T00:00:00Z' })).toEqual(['occurredAt:log.time_too_early']);
    // The instant counts, not the year as written.
    expect(check({ occurredAt: '1899-12-31T23:30:00-01:00' })).toEqual([]);
    expect(check({ occurredAt: '1900-01-01T00:00:00Z' })).toEqual([]);
    expect(Date.parse('1900-01-01T00:00:00Z')).toBe(EARLIEST_LOG_TIME_MS);
  });
  it('allows five minutes of clock skew and no more', () => {
    expect(check({ occurredAt: new Date(NOW + 5 * 60_000).toISOString() })).toEqual([]);
    expect(check({ occurredAt: new Date(NOW + 5 * 60_000 + 1).toISOString() })).toEqual(['occurredAt:log.time_in_future']);
    expect(check({ occurredAt: '9999-12-31T23:59:59Z' })).toEqual(['occurredAt:log.time_in_future']);
  });
});

describe('readIsoInstant', () => {
  it('reads a date and time with a zone as its instant, whatever the zone', () => {
    expect(readIsoInstant('2026-10-15T09:30:00Z')).toEqual({ kind: 'instant', ms: Date.UTC(2026, 9, 15, 9, 30) });
    expect(readIsoInstant('2026-10-15T11:30:00.5+02:00')).toEqual({ kind: 'instant', ms: Date.UTC(2026, 9, 15, 9, 30, 0, 500) });
    expect(readIsoInstant('2026-10-15T09:30Z')).toEqual({ kind: 'instant', ms: Date.UTC(2026, 9, 15, 9, 30) });
  });
  it('tells a valid time without a zone from a malformed one', () => {
    expect(readIsoInstant('2026-10-15T09:30:00')).toEqual({ kind: 'no_zone' });
    expect(readIsoInstant('2026-10-15T09:30:00.123')).toEqual({ kind: 'no_zone' });
    for (const bad of [
      '2026-02-30T10:00:00Z',
      '2026-02-30T10:00:00',
      '2026-10-15',
      '2026-10-15T24:00:00Z',
      '2026-10-15T09:30:00 Z',
      '2026-10-15T09:30:00+2',
      'yesterday',
      '',
    ]) {
      expect(readIsoInstant(bad), bad).toEqual({ kind: 'malformed' });
    }
  });
});
