import { describe, expect, it } from 'vitest';
import {
  ART_28_ITEMS,
  ART_28_KEYS,
  isExpiringWithin,
  missingArt28Items,
  validateAgreement,
  type AgreementContext,
  type AgreementInput,
  type Art28Key,
} from '../src/agreements';
import { codes } from './helpers';

const agreement = (a: Partial<AgreementInput> = {}): AgreementInput => ({
  kind: 'cooperation',
  status: 'signed',
  signedOn: '2020-05-28',
  validFrom: '2020-06-01',
  validTo: null,
  endFollowsProcurementTerm: false,
  penalties: false,
  ...a,
});
const ctx = (c: Partial<AgreementContext> = {}): AgreementContext => ({ derivedEndDate: null, isNew: false, ...c });
const allArt28 = Object.fromEntries(ART_28_KEYS.map((k) => [k, true])) as Record<Art28Key, boolean>;

describe('ART_28_ITEMS', () => {
  it('lists the 15 items of art. 28(3), (a) to (h) included', () => {
    expect(ART_28_ITEMS).toHaveLength(15);
    expect(ART_28_ITEMS.filter((i) => /\([a-h]\)$/.test(i.article)).map((i) => i.article.slice(-2, -1))).toEqual([...'abcdefgh']);
    expect(ART_28_ITEMS.find((i) => i.key === 'complianceAssistance')!.article).toBe('28(3)(f)');
  });
});

describe('missingArt28Items', () => {
  it('is empty when every item is confirmed', () => {
    expect(missingArt28Items(allArt28)).toEqual([]);
  });
  it('counts false, null and absent as missing', () => {
    expect(missingArt28Items({ ...allArt28, audits: false, security: null, duration: undefined })).toEqual(['duration', 'security', 'audits']);
    expect(missingArt28Items({})).toHaveLength(15);
  });
});

describe('validateAgreement', () => {
  it('passes a signed cooperation agreement', () => {
    expect(validateAgreement(agreement(), ctx())).toEqual([]);
  });

  it('checks kind, status and dates', () => {
    expect(codes(validateAgreement(agreement({ kind: 'pub' }), ctx()))).toEqual(['kind:enum']);
    expect(codes(validateAgreement(agreement({ status: 'active' }), ctx()))).toEqual(['status:enum']);
    expect(codes(validateAgreement(agreement({ signedOn: '2020-02-30' }), ctx()))).toEqual(['signedOn:date.format']);
    expect(codes(validateAgreement(agreement({ validFrom: '2020/06/01' }), ctx()))).toEqual(['validFrom:date.format']);
    expect(codes(validateAgreement(agreement({ validTo: 'never' }), ctx()))).toEqual(['validTo:date.format']);
  });

  it('keeps the start on or before the end', () => {
    expect(validateAgreement(agreement({ validFrom: '2017-02-27', validTo: '2017-02-27' }), ctx())).toEqual([]);
    expect(codes(validateAgreement(agreement({ validFrom: '2018-12-31', validTo: '2017-02-01' }), ctx()))).toEqual(['validTo:agreement.valid_range']);
  });

  it('requires the signed date once signed', () => {
    expect(codes(validateAgreement(agreement({ signedOn: null }), ctx()))).toEqual(['signedOn:required']);
    expect(validateAgreement(agreement({ status: 'negotiating', signedOn: null }), ctx())).toEqual([]);
  });

  describe('processor agreement', () => {
    it('can be signed with every art. 28(3) item', () => {
      expect(validateAgreement({ ...agreement({ kind: 'processor' }), ...allArt28 }, ctx())).toEqual([]);
    });
    it('cannot be signed with an item missing: one violation per item, on its field', () => {
      const v = validateAgreement({ ...agreement({ kind: 'processor' }), ...allArt28, deleteOrReturn: false, audits: null }, ctx());
      expect(codes(v)).toEqual(['deleteOrReturn:processor_agreement.art28_missing', 'audits:processor_agreement.art28_missing']);
      expect(v[0]!.message).toContain('28(3)(g)');
      expect(v[0]!.messageSv).toContain('28(3)(g)');
    });
    it('may be drafted with items missing', () => {
      expect(validateAgreement(agreement({ kind: 'processor', status: 'draft', signedOn: null }), ctx())).toEqual([]);
    });
    it('is the only kind held to art. 28', () => {
      expect(validateAgreement(agreement({ kind: 'operations_management' }), ctx())).toEqual([]);
    });
  });

  describe('end date derived from the procurement term', () => {
    const follows = { endFollowsProcurementTerm: true };
    it('passes when the end date is the derived one', () => {
      expect(validateAgreement(agreement({ ...follows, validTo: '2034-02-28' }), ctx({ derivedEndDate: '2034-02-28' }))).toEqual([]);
      expect(validateAgreement(agreement({ ...follows, validTo: null }), ctx({ derivedEndDate: null }))).toEqual([]);
    });
    it('refuses an end date typed by hand', () => {
      const v = validateAgreement(agreement({ ...follows, validTo: '2030-12-31' }), ctx({ derivedEndDate: '2034-02-28' }));
      expect(codes(v)).toEqual(['validTo:agreement.end_date_derived']);
      expect(v[0]!.message).toContain('implementation-completed date');
      expect(v[0]!.message).toContain('2034-02-28');
      expect(codes(validateAgreement(agreement({ ...follows, validTo: '2030-12-31' }), ctx()))).toEqual(['validTo:agreement.end_date_derived']);
    });
    it('leaves other agreements their own end date', () => {
      expect(validateAgreement(agreement({ validTo: '2030-12-31' }), ctx({ derivedEndDate: '2034-02-28' }))).toEqual([]);
    });
  });
});

describe('isExpiringWithin', () => {
  it('is true for an end date from today to N months ahead', () => {
    expect(isExpiringWithin('2025-06-15', '2025-06-15', 6)).toBe(true);
    expect(isExpiringWithin('2025-12-15', '2025-06-15', 6)).toBe(true);
  });
  it('is false beyond N months, already ended, or open-ended', () => {
    expect(isExpiringWithin('2025-12-16', '2025-06-15', 6)).toBe(false);
    expect(isExpiringWithin('2025-06-14', '2025-06-15', 6)).toBe(false);
    expect(isExpiringWithin(null, '2025-06-15', 6)).toBe(false);
  });
});
