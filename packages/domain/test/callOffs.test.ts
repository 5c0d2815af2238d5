import { describe, expect, it } from 'vitest';
import { isActiveCallOff, linkedOptionWarnings, validateCallOff, type CallOffContext, type CallOffInput } from '../src/callOffs';
import { codes } from './helpers';

const callOff = (c: Partial<CallOffInput> = {}): CallOffInput => ({
  municipalityId: 1480,
  optionId: 3,
  status: 'signed',
  submittedOn: '2020-05-20',
  signedOn: '2020-05-28',
  ...c,
});

const context = (c: Partial<CallOffContext> = {}): CallOffContext => ({
  today: '2025-06-15',
  isNew: false,
  powersOfAttorney: [{ validFrom: '2017-02-01', validTo: null }],
  window: { opensOn: '2020-03-01', closesOn: '2020-05-31' },
  otherCallOffsForSameOption: 0,
  ...c,
});

describe('validateCallOff', () => {
  it('passes a signed 2020 call-off under a power of attorney', () => {
    expect(validateCallOff(callOff(), context())).toEqual([]);
  });

  it('checks status and dates', () => {
    expect(codes(validateCallOff(callOff({ status: 'approved' }), context()))).toEqual(['status:enum']);
    expect(codes(validateCallOff(callOff({ submittedOn: '2020-02-30' }), context()))).toEqual(['submittedOn:date.format']);
    expect(codes(validateCallOff(callOff({ signedOn: '28/5/2020' }), context()))).toEqual(['signedOn:date.format']);
  });

  it('requires the signed date once signed', () => {
    expect(codes(validateCallOff(callOff({ signedOn: null }), context()))).toEqual(['signedOn:required']);
    expect(validateCallOff(callOff({ status: 'submitted', signedOn: null }), context())).toEqual([]);
  });

  it('refuses a signature before submission', () => {
    const v = validateCallOff(callOff({ submittedOn: '2020-05-28', signedOn: '2020-05-20' }), context());
    expect(codes(v)).toEqual(['signedOn:call_off.signed_before_submitted']);
    expect(validateCallOff(callOff({ submittedOn: '2020-05-28', signedOn: '2020-05-28' }), context())).toEqual([]);
  });

  describe('power of attorney', () => {
    it('is required on the signed date', () => {
      const expired = context({ powersOfAttorney: [{ validFrom: '2017-02-01', validTo: '2019-12-31' }] });
      const v = validateCallOff(callOff(), expired);
      expect(codes(v)).toEqual(['municipalityId:call_off.power_of_attorney_required']);
      expect(v[0]!.message).toContain('2020-05-28');
      expect(codes(validateCallOff(callOff(), context({ powersOfAttorney: [] })))).toEqual(['municipalityId:call_off.power_of_attorney_required']);
    });
    it('counts one with an unknown start as in force', () => {
      expect(validateCallOff(callOff(), context({ powersOfAttorney: [{ validFrom: null, validTo: null }] }))).toEqual([]);
    });
    it('is judged on the signed date, else the submitted date, else today', () => {
      const only2020 = context({ powersOfAttorney: [{ validFrom: '2020-05-25', validTo: '2020-12-31' }] });
      expect(validateCallOff(callOff(), only2020)).toEqual([]);
      expect(codes(validateCallOff(callOff({ status: 'submitted', signedOn: null }), only2020))).toEqual([
        'municipalityId:call_off.power_of_attorney_required',
      ]);
      expect(codes(validateCallOff(callOff({ status: 'draft', submittedOn: null, signedOn: null }), only2020))).toEqual([
        'municipalityId:call_off.power_of_attorney_required',
      ]);
    });
    it('uses history, not just the latest power', () => {
      const history = context({
        powersOfAttorney: [
          { validFrom: '2017-02-01', validTo: '2020-06-30' },
          { validFrom: '2023-01-01', validTo: null },
        ],
      });
      expect(validateCallOff(callOff(), history)).toEqual([]);
    });
    it('is not asked of a withdrawn call-off', () => {
      expect(validateCallOff(callOff({ status: 'withdrawn' }), context({ powersOfAttorney: [] }))).toEqual([]);
    });
  });

  describe('call-off window', () => {
    it('lets admins backfill an existing or new call-off with its real 2020 dates', () => {
      expect(validateCallOff(callOff(), context({ isNew: true }))).toEqual([]);
      expect(validateCallOff(callOff({ submittedOn: '2020-05-31', signedOn: '2020-06-15' }), context({ isNew: true }))).toEqual([]);
    });
    it('refuses a new option after the window closed', () => {
      const v = validateCallOff(callOff({ status: 'draft', submittedOn: null, signedOn: null }), context({ isNew: true }));
      expect(codes(v)).toEqual(['optionId:call_off.window_closed']);
      expect(v[0]!.messageSv).toContain('Nej, inte inom ramen för denna upphandling');
      expect(v[0]!.message).toContain('2020-05-31');
      expect(codes(validateCallOff(callOff({ submittedOn: '2021-01-10', signedOn: null, status: 'submitted' }), context({ isNew: true })))).toEqual([
        'optionId:call_off.window_closed',
      ]);
    });
    it('does not touch existing rows edited after the close', () => {
      expect(validateCallOff(callOff({ status: 'draft', submittedOn: null, signedOn: null }), context({ isNew: false }))).toEqual([]);
    });
    it('is open-ended while no close date is known', () => {
      const open = context({ isNew: true, window: { opensOn: '2020-03-01', closesOn: null } });
      expect(validateCallOff(callOff({ status: 'draft', submittedOn: null, signedOn: null }), open)).toEqual([]);
    });
  });

  it('allows one call-off per municipality and option', () => {
    expect(codes(validateCallOff(callOff(), context({ otherCallOffsForSameOption: 1 })))).toEqual(['optionId:call_off.duplicate']);
  });
});

describe('isActiveCallOff', () => {
  it('is every status but withdrawn', () => {
    expect(['draft', 'submitted', 'signed'].every(isActiveCallOff)).toBe(true);
    expect(isActiveCallOff('withdrawn')).toBe(false);
  });
});

describe('linkedOptionWarnings', () => {
  const links = [
    { optionId: 2, linkedOptionId: 3 },
    { optionId: 3, linkedOptionId: 2 },
    { optionId: 1, linkedOptionId: 3 },
  ];
  it('is silent when linked options are taken together', () => {
    expect(linkedOptionWarnings([1, 2, 3], links)).toEqual([]);
    expect(linkedOptionWarnings([], links)).toEqual([]);
  });
  it('warns once per linked option taken alone, in either direction of the link', () => {
    const v = linkedOptionWarnings([3], links);
    expect(v.map((x) => x.severity)).toEqual(['warning', 'warning']);
    expect(codes(v)).toEqual(['optionId:call_off.linked_option_missing', 'optionId:call_off.linked_option_missing']);
    expect(v[0]!.message).toBe('Option 3 is linked to option 2 through functionality and workflows, but option 2 is not called off.');
    expect(v[1]!.message).toContain('option 1 is not called off');
    expect(linkedOptionWarnings([1], links)).toHaveLength(1);
  });
  it('names options with the label given', () => {
    const v = linkedOptionWarnings([2], links, (id) => ['', 'Informationsutbyte', 'Elevhälsa', 'Kommunal HSL'][id]!);
    expect(v[0]!.messageSv).toBe('Elevhälsa hänger ihop med Kommunal HSL genom funktionalitet och arbetsflöden, men Kommunal HSL är inte avropad.');
  });
});
