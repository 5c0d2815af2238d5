import {
  ACCESS_BASES,
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  ART_28_KEYS,
  CALL_OFF_STATUSES,
  LOG_ACTIONS,
  LOG_DEVICES,
  LOG_OUTCOMES,
  ORGANISATION_KINDS,
  PARTY_ROLES,
  RECORD_KINDS,
  REGISTRY_CHECK_KEYS,
  RESPONSIBILITY_AREAS,
  RETENTION_ACTIONS,
  RETENTION_TRIGGERS,
  USER_ROLES,
} from '../src';

/** Every key of the domain's vocabularies that no sentence would hold as an ordinary word (two words joined: snake_case or camelCase). */
const VOCABULARY_KEYS = [
  ...ACCESS_BASES,
  ...AGREEMENT_KINDS,
  ...AGREEMENT_STATUSES,
  ...ART_28_KEYS,
  ...CALL_OFF_STATUSES,
  ...LOG_ACTIONS,
  ...LOG_DEVICES,
  ...LOG_OUTCOMES,
  ...ORGANISATION_KINDS,
  ...PARTY_ROLES,
  ...RECORD_KINDS,
  ...REGISTRY_CHECK_KEYS,
  ...RESPONSIBILITY_AREAS,
  ...RETENTION_ACTIONS,
  ...RETENTION_TRIGGERS,
  ...USER_ROLES,
].filter((k) => /[_A-Z]/.test(k));

const PATTERNS: [string, RegExp][] = [
  ['snake_case', /\b[a-z0-9]+(?:_[a-z0-9]+)+\b/g],
  ['camelCase', /\b[a-z]+[A-Z][A-Za-z]*\b/g],
  ['a rule code', /\b[a-z_]+\.[a-z_]+\b/g],
];

/**
 * What in a message reads as an internal key rather than words: snake_case and camelCase tokens,
 * rule codes (`joint_controllership.party_missing`), and the vocabularies' joined-word keys. Quoted
 * titles are the user's own words and are left out.
 */
export function internalKeysIn(message: string): string[] {
  const text = message.replace(/"[^"]*"/g, '""');
  const found = PATTERNS.flatMap(([, re]) => text.match(re) ?? []);
  for (const key of VOCABULARY_KEYS) if (new RegExp(`\\b${key}\\b`).test(text)) found.push(key);
  return [...new Set(found)];
}
