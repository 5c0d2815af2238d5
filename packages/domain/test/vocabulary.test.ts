import { describe, expect, it } from 'vitest';
import { isOneOf, ORGANISATION_KINDS, validateEnum, VOCABULARIES } from '../src/vocabulary';
import { codes } from './helpers';

describe('vocabularies', () => {
  it.each(Object.entries(VOCABULARIES))('%s labels every value in both languages, and nothing else', (_name, vocabulary) => {
    expect(Object.keys(vocabulary.labels).sort()).toEqual([...vocabulary.values].sort());
    for (const label of Object.values(vocabulary.labels) as { en: string; sv: string }[]) {
      expect(label.en.trim()).not.toBe('');
      expect(label.sv.trim()).not.toBe('');
    }
  });
});

describe('validateEnum', () => {
  it('passes a listed value', () => {
    expect(validateEnum('municipality', ORGANISATION_KINDS, 'kind')).toEqual([]);
    expect(isOneOf('municipality', ORGANISATION_KINDS)).toBe(true);
  });
  it('fails an unlisted value, naming it and the allowed ones', () => {
    const v = validateEnum('kommun', ORGANISATION_KINDS, 'kind');
    expect(codes(v)).toEqual(['kind:enum']);
    expect(v[0]!.message).toContain('"kommun"');
    expect(v[0]!.message).toContain('private_care_provider');
    expect(isOneOf('Municipality', ORGANISATION_KINDS)).toBe(false);
  });
});
