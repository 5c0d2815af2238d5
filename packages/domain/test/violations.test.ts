import { describe, expect, it } from 'vitest';
import { hasErrors, violation } from '../src/violations';

describe('violation', () => {
  it('is an error unless said otherwise', () => {
    expect(violation('f', 'c', 'English.', 'Svenska.')).toEqual({
      field: 'f',
      code: 'c',
      severity: 'error',
      message: 'English.',
      messageSv: 'Svenska.',
    });
    expect(violation('f', 'c', 'e', 's', 'warning').severity).toBe('warning');
  });

  it('hasErrors ignores warnings', () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([violation('f', 'c', 'e', 's', 'warning')])).toBe(false);
    expect(hasErrors([violation('f', 'c', 'e', 's', 'warning'), violation('g', 'd', 'e', 's')])).toBe(true);
  });
});
