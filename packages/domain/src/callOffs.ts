import { isIsoDate, isWithin } from './dates';
import { capitalise, validateDateField } from './fields';
import type { CallOffWindow } from './procurement';
import { CALL_OFF_STATUSES, validateEnum } from './vocabulary';
import { violation, type RuleViolation } from './violations';

export interface CallOffInput {
  municipalityId: number;
  optionId: number;
  status: string;
  submittedOn: string | null;
  signedOn: string | null;
}

/** validFrom null = in force, start date not known (the 2017 powers of attorney are often undated). */
export interface PowerOfAttorneyFacts {
  validFrom: string | null;
  validTo: string | null;
}

export interface CallOffContext {
  today: string;
  /** Only new call-offs meet the closed window, so 2020 call-offs can be backfilled with their real dates. */
  isNew: boolean;
  /** The municipality's powers of attorney to VGR, history included. */
  powersOfAttorney: PowerOfAttorneyFacts[];
  window: CallOffWindow;
  /** Active call-offs by the same municipality for the same option, this one excluded. */
  otherCallOffsForSameOption: number;
}

/** A withdrawn call-off takes no option, so it needs neither a power of attorney nor an open window. */
export function isActiveCallOff(status: string): boolean {
  return status !== 'withdrawn';
}

/** The day the call-off is judged on: when it was signed, else submitted, else now. */
export function callOffDate(c: Pick<CallOffInput, 'submittedOn' | 'signedOn'>, today: string): string {
  return c.signedOn ?? c.submittedOn ?? today;
}

export function validateCallOff(c: CallOffInput, ctx: CallOffContext): RuleViolation[] {
  const found = [
    ...validateEnum(c.status, CALL_OFF_STATUSES, 'status'),
    ...validateDateField(c.submittedOn, 'submittedOn', { en: 'submitted date', sv: 'inskickningsdatumet' }),
    ...validateDateField(c.signedOn, 'signedOn', { en: 'signed date', sv: 'underskriftsdatumet' }),
  ];
  const submittedOn = c.submittedOn !== null && isIsoDate(c.submittedOn) ? c.submittedOn : null;
  const signedOn = c.signedOn !== null && isIsoDate(c.signedOn) ? c.signedOn : null;

  if (c.status === 'signed' && c.signedOn === null) {
    found.push(
      violation('signedOn', 'required', 'A signed call-off needs the date it was signed.', 'Ett undertecknat avrop behöver datumet då det undertecknades.'),
    );
  }
  if (submittedOn !== null && signedOn !== null && signedOn < submittedOn) {
    found.push(
      violation(
        'signedOn',
        'call_off.signed_before_submitted',
        `The call-off cannot be signed on ${signedOn}, before it was submitted on ${submittedOn}.`,
        `Avropet kan inte ha undertecknats ${signedOn}, innan det skickades in ${submittedOn}.`,
      ),
    );
  }

  if (isActiveCallOff(c.status)) {
    const onDate = callOffDate({ submittedOn, signedOn }, ctx.today);
    if (!ctx.powersOfAttorney.some((p) => isWithin(onDate, p.validFrom, p.validTo))) {
      found.push(
        violation(
          'municipalityId',
          'call_off.power_of_attorney_required',
          `The municipality had no power of attorney to VGR in force on ${onDate}; it needs one to call off an option.`,
          `Kommunen hade ingen gällande fullmakt till VGR den ${onDate}; en fullmakt krävs för att avropa en option.`,
        ),
      );
    }
    const requestedOn = submittedOn ?? ctx.today;
    const closesOn = ctx.window.closesOn;
    if (ctx.isNew && closesOn !== null && requestedOn > closesOn) {
      found.push(
        violation(
          'optionId',
          'call_off.window_closed',
          `The procurement's call-off window closed on ${closesOn}; a new option on ${requestedOn} is not within the scope of this procurement.`,
          `Avropsperioden i upphandlingen stängde ${closesOn}; ingen ny option kan avropas ${requestedOn}. Nej, inte inom ramen för denna upphandling.`,
        ),
      );
    }
  }

  if (ctx.otherCallOffsForSameOption > 0) {
    found.push(
      violation(
        'optionId',
        'call_off.duplicate',
        'The municipality has already called off this option; there is one call-off per municipality and option.',
        'Kommunen har redan avropat denna option; det finns ett avrop per kommun och option.',
      ),
    );
  }
  return found;
}

/** The seeds say the options are linked "avseende funktionalitet samt att arbetsflöden påverkas". */
export interface OptionLink {
  optionId: number;
  linkedOptionId: number;
}

/**
 * One warning per (taken option, linked option not taken) pair. A link stored
 * in either direction counts both ways, and is reported once.
 */
export function linkedOptionWarnings(
  takenOptionIds: readonly number[],
  links: readonly OptionLink[],
  optionLabel: (id: number) => string = (id) => `option ${id}`,
): RuleViolation[] {
  const taken = new Set(takenOptionIds);
  const seen = new Set<string>();
  const found: RuleViolation[] = [];
  for (const link of links) {
    for (const [have, lack] of [
      [link.optionId, link.linkedOptionId],
      [link.linkedOptionId, link.optionId],
    ] as const) {
      const key = `${have}>${lack}`;
      if (have === lack || seen.has(key) || !taken.has(have) || taken.has(lack)) continue;
      seen.add(key);
      const a = optionLabel(have);
      const b = optionLabel(lack);
      found.push(
        violation(
          'optionId',
          'call_off.linked_option_missing',
          `${capitalise(a)} is linked to ${b} through functionality and workflows, but ${b} is not called off.`,
          `${capitalise(a)} hänger ihop med ${b} genom funktionalitet och arbetsflöden, men ${b} är inte avropad.`,
          'warning',
        ),
      );
    }
  }
  return found;
}
