import { isIsoDate } from './dates';
import { luhnValid } from './luhn';
import { violation, type RuleViolation } from './violations';

export interface PersonalIdentityNumber {
  /** YYYYMMDDNNNC; a coordination number keeps its day + 60. */
  normalised: string;
  kind: 'personal' | 'coordination';
}

/** Coordination numbers (samordningsnummer) add 60 to the day of birth. */
const COORDINATION_DAY_OFFSET = 60;

const TWELVE_DIGITS = /^(\d{8})-?(\d{4})$/;
const TEN_DIGITS = /^(\d{6})([-+]?)(\d{4})$/;

function birthDate(yyyymmdd: string): { date: string; kind: PersonalIdentityNumber['kind'] } | null {
  const day = Number(yyyymmdd.slice(6, 8));
  const kind = day > COORDINATION_DAY_OFFSET ? 'coordination' : 'personal';
  const realDay = kind === 'coordination' ? day - COORDINATION_DAY_OFFSET : day;
  const date = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${String(realDay).padStart(2, '0')}`;
  return isIsoDate(date) ? { date, kind } : null;
}

/**
 * The 10-digit form drops the century. Its separator says which: '-' means the
 * person is under 100 years old on `today`, '+' that they are 100 or older.
 */
function resolveCentury(yymmdd: string, separator: string, today: string): string {
  const todayYear = Number(today.slice(0, 4));
  let year = todayYear - (todayYear % 100) + Number(yymmdd.slice(0, 2));
  // Compare with the coordination offset removed, or day 63 would always look later than today.
  const day = Number(yymmdd.slice(4, 6));
  const realDay = day > COORDINATION_DAY_OFFSET ? day - COORDINATION_DAY_OFFSET : day;
  const birthday = `${yymmdd.slice(2, 4)}-${String(realDay).padStart(2, '0')}`;
  if (`${year}-${birthday}` > today) year -= 100;
  if (separator === '+') year -= 100;
  return `${String(year).padStart(4, '0')}${yymmdd.slice(2)}`;
}

/**
 * Accepts YYYYMMDDNNNC, YYYYMMDD-NNNC, YYMMDDNNNC, YYMMDD-NNNC and YYMMDD+NNNC.
 * Returns null for anything that is not a real number: wrong shape, no such
 * date, or a wrong check digit.
 */
export function parsePersonalIdentityNumber(s: string, today: string): PersonalIdentityNumber | null {
  const input = s.trim();
  let yyyymmdd: string;
  let rest: string;
  const twelve = TWELVE_DIGITS.exec(input);
  const ten = TEN_DIGITS.exec(input);
  if (twelve) {
    yyyymmdd = twelve[1]!;
    rest = twelve[2]!;
  } else if (ten) {
    yyyymmdd = resolveCentury(ten[1]!, ten[2]!, today);
    rest = ten[3]!;
  } else {
    return null;
  }
  const birth = birthDate(yyyymmdd);
  if (birth === null) return null;
  const normalised = yyyymmdd + rest;
  // The check digit covers the 10-digit form only; the century is not part of it.
  if (!luhnValid(normalised.slice(2))) return null;
  return { normalised, kind: birth.kind };
}

export function validatePersonalIdentityNumber(s: string, field = 'patient', today: string): RuleViolation[] {
  const input = s.trim();
  const twelve = TWELVE_DIGITS.exec(input);
  const ten = TEN_DIGITS.exec(input);
  if (!twelve && !ten) {
    return [
      violation(
        field,
        'personal_identity_number.format',
        'A personal identity number must be written YYYYMMDD-NNNN, YYMMDD-NNNN or YYMMDD+NNNN.',
        'Ett personnummer ska skrivas ÅÅÅÅMMDD-NNNN, ÅÅMMDD-NNNN eller ÅÅMMDD+NNNN.',
      ),
    ];
  }
  // The number itself is personal data, so the messages never repeat it.
  const yyyymmdd = twelve ? twelve[1]! : resolveCentury(ten![1]!, ten![2]!, today);
  if (birthDate(yyyymmdd) === null) {
    return [
      violation(
        field,
        'personal_identity_number.date',
        'The personal identity number does not begin with a real date of birth (for a coordination number, the day plus 60).',
        'Personnumret börjar inte med ett verkligt födelsedatum (för ett samordningsnummer dagen plus 60).',
      ),
    ];
  }
  if (parsePersonalIdentityNumber(input, today) === null) {
    return [
      violation(
        field,
        'personal_identity_number.luhn',
        'The personal identity number has a wrong check digit; check it for a typing error.',
        'Personnumret har fel kontrollsiffra; kontrollera om det är felskrivet.',
      ),
    ];
  }
  return [];
}
