// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../src/i18n';
import { checkFilter, EMPTY_FILTER, parseSwedishTime, swedishToday } from '../src/logs/filters';
import { actionLabel, basisLabel, deviceLabel, formatCount, formatLogTime, outcomeLabel, professionLabel } from '../src/logs/format';
import { LogFilters } from '../src/logs/LogFilters';

afterEach(cleanup);

const TOLVAN = '19121212-1212';
const today = '2026-06-01';

describe('times typed in Swedish time', () => {
  it('reads a day, or a day and a time, in Stockholm’s winter and summer time', () => {
    expect(new Date(parseSwedishTime('2025-01-15 10:00')!).toISOString()).toBe('2025-01-15T09:00:00.000Z');
    expect(new Date(parseSwedishTime('2025-07-01T10:00')!).toISOString()).toBe('2025-07-01T08:00:00.000Z');
    expect(new Date(parseSwedishTime('2025-07-01 10:00:30')!).toISOString()).toBe('2025-07-01T08:00:30.000Z');
    expect(new Date(parseSwedishTime('2025-07-01')!).toISOString()).toBe('2025-06-30T22:00:00.000Z');
    // "To" a day includes that day.
    expect(new Date(parseSwedishTime('2025-07-01', true)!).toISOString()).toBe('2025-07-01T22:00:00.000Z');
    expect(new Date(parseSwedishTime('2025-10-26 12:00')!).toISOString()).toBe('2025-10-26T11:00:00.000Z');
  });

  it('refuses what is not a real date and time', () => {
    for (const s of ['2025-02-30', '2025-13-01', '2025-01-01 24:00', '1/7/2025', 'igår', '']) expect(parseSwedishTime(s), s).toBeNull();
  });

  it('knows today in Sweden around midnight UTC', () => {
    expect(swedishToday(Date.parse('2025-07-01T22:30:00Z'))).toBe('2025-07-02');
    expect(swedishToday(Date.parse('2025-01-01T22:30:00Z'))).toBe('2025-01-01');
  });
});

describe('the filter, checked before anything is sent', () => {
  it('makes the API filter: times, user, organisations, action, basis, patient, source system and entry id', () => {
    const checked = checkFilter(
      {
        from: '2025-01-01',
        to: '2025-01-31',
        userHsaId: 'SE2321000131-E000000000001',
        careProvider: 'T3Jn',
        dataOwner: 'T3Jv',
        action: 'print',
        basis: 'emergency_access',
        patient: ` ${TOLVAN} `,
        sourceSystem: ' Millennium ',
        sourceEntryId: 'mill-42',
      },
      { mayIdentify: true, today },
    );
    expect(checked.errors).toEqual({});
    expect(checked.filter).toEqual({
      occurredFrom: '2024-12-31T23:00:00.000Z',
      occurredBefore: '2025-01-31T23:00:00.000Z',
      userHsaIds: ['SE2321000131-E000000000001'],
      careProviders: ['T3Jn'],
      dataOwners: ['T3Jv'],
      actions: ['PRINT'],
      bases: ['EMERGENCY_ACCESS'],
      patient: TOLVAN,
      sourceSystems: ['Millennium'],
      sourceEntryIds: ['mill-42'],
    });
  });

  it('stops on a mistyped identity number or HSA-id, with the domain’s own message', () => {
    const checked = checkFilter({ ...EMPTY_FILTER, patient: '19121212-1213', userHsaId: 'E000000000001' }, { mayIdentify: true, today });
    expect(checked.filter).toBeNull();
    expect(checked.errors.patient?.code).toBe('personal_identity_number.luhn');
    expect(checked.errors.patient?.messageSv).toContain('kontrollsiffra');
    expect(checked.errors.patient?.messageSv).not.toContain('1213');
    expect(checked.errors.userHsaId?.code).toBe('hsa_id.format');
  });

  it('stops on a time range that ends before it starts', () => {
    const checked = checkFilter({ ...EMPTY_FILTER, from: '2025-02-01', to: '2025-01-01' }, { mayIdentify: true, today });
    expect(checked.filter).toBeNull();
    expect(checked.errors.to?.code).toBe('range');
  });

  it('leaves the user and patient out for analysts (the server refuses them those filters)', () => {
    const checked = checkFilter({ ...EMPTY_FILTER, patient: TOLVAN, userHsaId: 'SE2321000131-E000000000001', action: 'read' }, { mayIdentify: false, today });
    expect(checked.filter).toEqual({ actions: ['READ'] });
  });
});

describe('the log’s words and numbers', () => {
  it('shows times in Swedish time, Swedish style in Swedish', () => {
    expect(formatLogTime('2025-07-01T08:00:05.000Z', 'sv')).toBe('2025-07-01 10:00:05');
    expect(formatLogTime('2025-07-01T08:00:05.000Z', 'en')).toBe('01/07/2025, 10:00:05');
    expect(formatCount(10_000_000, 'sv').replace(/\s/g, ' ')).toBe('10 000 000');
    expect(formatCount(10_000_000, 'en')).toBe('10,000,000');
  });

  it('names actions, bases, devices and outcomes with the domain’s labels', () => {
    expect(actionLabel('READ', 'sv')).toBe('Läsning');
    expect(basisLabel('EMERGENCY_ACCESS', 'sv')).toBe('Nödåtkomst');
    expect(deviceLabel('MOBILE', 'en')).toBe('Mobile device');
    expect(outcomeLabel('DENIED', 'sv')).toBe('Nekad');
    expect(actionLabel('SOMETHING_NEW', 'sv')).toBe('SOMETHING_NEW');
  });

  it('names professions as the log records them (nurse) in words, one it does not know as recorded', () => {
    expect(professionLabel('nurse', 'sv')).toBe('Sjuksköterska');
    expect(professionLabel('school_nurse', 'en')).toBe('School nurse');
    expect(professionLabel('astronaut', 'sv')).toBe('astronaut');
  });
});

describe('the filter bar', () => {
  const props = {
    draft: EMPTY_FILTER,
    errors: {},
    organisations: [{ id: 'O1', name: 'Göteborg' }],
    pending: false,
    onChange: vi.fn(),
    onApply: vi.fn(),
    onClear: vi.fn(),
  };

  it('offers no user or patient fields to analysts', () => {
    render(
      <I18nProvider initial="sv">
        <LogFilters {...props} mayIdentify={false} />
      </I18nProvider>,
    );
    expect(screen.queryByTestId('logs-patient')).toBeNull();
    expect(screen.queryByTestId('logs-user')).toBeNull();
    expect(screen.getByTestId('logs-care-provider').textContent).toContain('Göteborg');
  });

  it('applies a chosen action at once, and shows a field’s error in Swedish', () => {
    const onApply = vi.fn();
    const errors = checkFilter({ ...EMPTY_FILTER, patient: '19121212-1213' }, { mayIdentify: true, today }).errors;
    render(
      <I18nProvider initial="sv">
        <LogFilters {...props} errors={errors} onApply={onApply} mayIdentify />
      </I18nProvider>,
    );
    expect(screen.getByTestId('logs-error-patient').textContent).toContain('fel kontrollsiffra');
    expect(screen.getByTestId('logs-patient').getAttribute('autocomplete')).toBe('off');
    fireEvent.change(screen.getByTestId('logs-action'), { target: { value: 'print' } });
    expect(onApply).toHaveBeenCalledWith({ ...EMPTY_FILTER, action: 'print' });
  });

  it('takes the time range from date-time pickers, a day alone shown from midnight', () => {
    const onChange = vi.fn();
    render(
      <I18nProvider initial="sv">
        <LogFilters {...props} draft={{ ...EMPTY_FILTER, from: '2025-03-01' }} onChange={onChange} mayIdentify />
      </I18nProvider>,
    );
    const from = screen.getByTestId('logs-from') as HTMLInputElement;
    expect(from.type).toBe('datetime-local');
    expect(from.value).toBe('2025-03-01T00:00');
    fireEvent.change(screen.getByTestId('logs-to'), { target: { value: '2025-03-02T14:30' } });
    expect(onChange).toHaveBeenCalledWith({ ...EMPTY_FILTER, from: '2025-03-01', to: '2025-03-02T14:30' });
    expect(checkFilter({ ...EMPTY_FILTER, to: '2025-03-02T14:30' }, { mayIdentify: true, today }).filter).toEqual({
      occurredBefore: '2025-03-02T13:30:00.000Z',
    });
  });
});
