import { CALL_OFF_STATUSES, CALL_OFF_STATUS_LABELS } from '@fvm/domain';
import { describe, expect, it } from 'vitest';
import { displayValue, fromApiStatus, parseStatus, statusLabel, toApiStatus } from '../src/callOffs/status';

describe('parseStatus: the label a person typed or pasted, as a status', () => {
  it('reads every Swedish and English label from the domain vocabulary', () => {
    for (const s of CALL_OFF_STATUSES) {
      expect(parseStatus(CALL_OFF_STATUS_LABELS[s].sv)).toBe(s);
      expect(parseStatus(CALL_OFF_STATUS_LABELS[s].en)).toBe(s);
    }
  });

  it('reads the enum values, in any case', () => {
    expect(parseStatus('SIGNED')).toBe('signed');
    expect(parseStatus('withdrawn')).toBe('withdrawn');
    expect(parseStatus('Draft')).toBe('draft');
  });

  it('ignores case, stray spaces and non-breaking spaces (Excel)', () => {
    expect(parseStatus('  undertecknad ')).toBe('signed');
    expect(parseStatus('ÅTERKALLAD')).toBe('withdrawn');
    expect(parseStatus('\u00a0Inskickad\u00a0')).toBe('submitted');
  });

  it('answers null for anything else', () => {
    expect(parseStatus('')).toBeNull();
    expect(parseStatus('   ')).toBeNull();
    expect(parseStatus('Banan')).toBeNull();
    expect(parseStatus('signe')).toBeNull();
  });

  it('labels and maps between the API enum and the domain value', () => {
    expect(statusLabel('signed', 'sv')).toBe('Undertecknad');
    expect(statusLabel('signed', 'en')).toBe('Signed');
    expect(displayValue('submitted', 'sv')).toBe('Inskickad');
    expect(displayValue('Banan', 'sv')).toBe('Banan');
    expect(toApiStatus('withdrawn')).toBe('WITHDRAWN');
    expect(fromApiStatus('DRAFT')).toBe('draft');
    expect(() => fromApiStatus('LOST')).toThrow(/Unknown call-off status/);
  });
});
