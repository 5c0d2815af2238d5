import { describe, expect, it } from 'vitest';
import { isWellFormedText, registryTextRule, REGISTRY_TEXT_RULES, validateRegistryText, validateText } from '../src/text';
import { codes } from './helpers';

describe('isWellFormedText', () => {
  it('refuses a lone high or low surrogate anywhere, and accepts pairs and every other character', () => {
    for (const bad of ['X\uD800Y', '\uD800', 'a\uDC00', '\uDC00\uD800', 'ok\uD83D', '\uDE00ok']) expect(isWellFormedText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['', 'Åsa Öberg', '😀', 'e\u0301', '\u200F\u202Eabc', '\uFFFF', '\uFFFD', '\u{10FFFF}'])
      expect(isWellFormedText(good), JSON.stringify(good)).toBe(true);
  });
  it('agrees with a round trip through UTF-8 on many random strings', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n < 2000; n++) {
      const s = String.fromCharCode(...Array.from({ length: 1 + (next() % 6) }, () => (next() % 3 === 0 ? 0xd800 + (next() % 0x800) : next() % 0x10000)));
      expect(isWellFormedText(s)).toBe(new TextDecoder().decode(new TextEncoder().encode(s)) === s);
    }
  });
});

describe('validateText', () => {
  it('names the field and the rule: malformed, control character, too long', () => {
    expect(codes(validateText('X\uD800Y', 'careUnit', { max: 10 }))).toEqual(['careUnit:text.malformed']);
    expect(codes(validateText('a\u0000b', 'careUnit', { max: 10 }))).toEqual(['careUnit:text.control_character']);
    expect(codes(validateText('a\u0085b', 'careUnit', { max: 10 }))).toEqual(['careUnit:text.control_character']);
    expect(codes(validateText('a\u007Fb', 'careUnit', { max: 10 }))).toEqual(['careUnit:text.control_character']);
    expect(codes(validateText('12345678901', 'careUnit', { max: 10 }))).toEqual(['careUnit:text.too_long']);
    expect(codes(validateText('\u0001'.repeat(11), 'careUnit', { max: 10 }))).toEqual(['careUnit:text.control_character', 'careUnit:text.too_long']);
  });
  it('allows tab and line breaks only in multi-line text', () => {
    for (const c of ['\t', '\n', '\r']) {
      expect(codes(validateText(`a${c}b`, 'f', { max: 10 }))).toEqual(['f:text.control_character']);
      expect(validateText(`a${c}b`, 'f', { max: 10, multiline: true })).toEqual([]);
    }
    expect(codes(validateText('a\u0000b', 'f', { max: 10, multiline: true }))).toEqual(['f:text.control_character']);
  });
  it('accepts combining marks, emoji, direction marks and noncharacters up to the limit', () => {
    expect(validateText('e\u0301 😀 \u200F\u202E \uFFFF', 'f', { max: 20 })).toEqual([]);
    expect(validateText('x'.repeat(10), 'f', { max: 10 })).toEqual([]);
  });
  it('never repeats the text in its messages, and says where the control character is', () => {
    const [v] = validateText(`${'secret'.repeat(100)}\u0000`, 'userName', { max: 1000 }, { en: 'user name', sv: 'användarens namn' });
    expect(v!.message).toBe('The user name contains the control character U+0000 at position 601; it must be a single line of text.');
    expect(v!.messageSv).toContain('Användarens namn innehåller styrtecknet U+0000');
    expect(v!.message).not.toContain('secret');
  });
});

describe('registry text', () => {
  it('has a rule for every column by its name: names, codes and references, free text', () => {
    expect(registryTextRule('name')).toBe(REGISTRY_TEXT_RULES.name);
    expect(registryTextRule('title')).toBe(REGISTRY_TEXT_RULES.name);
    for (const f of ['code', 'municipalityCode', 'organisationNumber', 'decisionReference', 'hsaId'])
      expect(registryTextRule(f), f).toBe(REGISTRY_TEXT_RULES.code);
    for (const f of ['description', 'note', 'publicSummary', 'legalBasis']) expect(registryTextRule(f), f).toBe(REGISTRY_TEXT_RULES.freeText);
  });
  it('checks every string and list of strings a client sent, and nothing else', () => {
    const v = validateRegistryText({
      name: 'Demo\nNamn',
      description: 'line 1\nline 2',
      note: 'x'.repeat(2001),
      decisionReference: 'KS \uD800',
      modules: ['ok', 'a\u0000'],
      ownerOrgId: 3,
      validFrom: null,
    });
    expect(codes(v)).toEqual(['name:text.control_character', 'note:text.too_long', 'decisionReference:text.malformed', 'modules:text.control_character']);
  });
});
