// registryFindings over HTTP on the demo data, with the gaps the demo data does not have made
// straight in the file (as data from before a rule, or an organisation changed after its licence,
// would leave them): every check finds something, and every message is a plain sentence in both
// languages, never a field name or code.
import { REGISTRY_CHECK_KEYS } from '@fvm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalKeysIn } from '../../packages/domain/test/plainText';
import { startRegistry, type Registry } from '../support/server';

/** VGR's organisation number. */
const VGR = '2321000131';

interface Finding {
  check: string;
  subjectType: string;
  subjectId: string;
  message: string;
  messageSv: string;
  organisation: { name: string } | null;
}

let registry: Registry;
let findings: Finding[];

beforeAll(async () => {
  registry = await startRegistry();
  const soon = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await registry.sql(`
    UPDATE retention_rules SET years = 1, purge_decision_on = NULL WHERE id = (
      SELECT r.id FROM retention_rules r JOIN information_categories c ON c.id = r.category_id
      WHERE r.action = 'purge' AND c.record_kind = 'patient_record' ORDER BY r.id LIMIT 1)`);
  await registry.sql('UPDATE organisations SET own_principal = ? WHERE id = (SELECT provider_id FROM licences ORDER BY id LIMIT 1)', 1);
  await registry.sql(`
    UPDATE powers_of_attorney SET valid_from = '2099-01-01' WHERE municipality_id = (
      SELECT municipality_id FROM call_offs WHERE status IN ('signed', 'submitted') ORDER BY id LIMIT 1)`);
  await registry.sql('UPDATE agreements SET valid_to = ? WHERE id = (SELECT id FROM agreements WHERE status = ? ORDER BY id LIMIT 1)', soon, 'signed');
  // User log entries, with emergency accesses past their review limit, and the demo routines
  // that have no completed review: the log review checks' material.
  await registry.stores.seed.loadDemoLogs({ count: 3000 });
  await registry.stores.seed.loadDemoLogReview();
  const r = await registry.gql<{ registryFindings: Finding[] }>(
    '{ registryFindings { check subjectType subjectId message messageSv organisation { name } } }',
    undefined,
    await registry.newToken(VGR, 'regional_admin'),
  );
  expect(r.errors).toBeUndefined();
  findings = r.data!.registryFindings;
});
afterAll(() => registry.close());

describe('registryFindings on the demo data', () => {
  it('every check finds something', () => {
    expect(new Set(findings.map((f) => f.check))).toEqual(new Set(REGISTRY_CHECK_KEYS.map((k) => k.toUpperCase())));
  });

  it.each(REGISTRY_CHECK_KEYS.map((k) => k.toUpperCase()))('%s: every message is a plain sentence in English and in Swedish', (check) => {
    const mine = findings.filter((f) => f.check === check);
    expect(mine.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const f of mine) {
      for (const [lang, message] of [
        ['en', f.message],
        ['sv', f.messageSv],
      ] as const) {
        const keys = internalKeysIn(message);
        if (keys.length) failures.push(`${lang}: ${message} (holds ${keys.join(', ')})`);
        if (!/^["A-ZÅÄÖ].*\.$/s.test(message)) failures.push(`${lang}: not a sentence: ${message}`);
      }
      if (f.message === f.messageSv) failures.push(`the same text in both languages: ${f.message}`);
    }
    expect(failures).toEqual([]);
  });
});
