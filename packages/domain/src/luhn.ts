/**
 * The mod-10 check used by Swedish organisation numbers and personal identity
 * numbers alike: every second digit from the right is doubled.
 */
function luhnSum(digits: string, doubleEven: boolean): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if ((i % 2 === 0) === doubleEven) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum;
}

export function luhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnSum(digits, false) % 10 === 0;
}

/** The digit that, appended to `digits`, makes them pass the check (the check digit sits rightmost). */
export function luhnCheckDigit(digits: string): number {
  return (10 - (luhnSum(digits, true) % 10)) % 10;
}
