import { CALL_OFF_STATUSES, CALL_OFF_STATUS_LABELS, isOneOf, type CallOffStatus } from '@fvm/domain';
import type { Language } from '../i18n/dictionary';

/** The API's enum value (SIGNED) for the domain's status (signed). */
export type ApiCallOffStatus = Uppercase<CallOffStatus>;

export function toApiStatus(status: CallOffStatus): ApiCallOffStatus {
  return status.toUpperCase() as ApiCallOffStatus;
}

export function fromApiStatus(status: string): CallOffStatus {
  const s = status.toLowerCase();
  if (!isOneOf(s, CALL_OFF_STATUSES)) throw new Error(`Unknown call-off status from the API: ${status}`);
  return s;
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');

/**
 * What a person typed or pasted, as a status: the Swedish or English label ("Undertecknad",
 * "Signed") or the enum value ("SIGNED", "signed"), in any case and with stray spaces.
 * Null when it is none of them; the caller validates the raw text, so the rule's message says why.
 */
export function parseStatus(text: string): CallOffStatus | null {
  const t = normalise(text);
  if (t === '') return null;
  for (const status of CALL_OFF_STATUSES) {
    const labels = CALL_OFF_STATUS_LABELS[status];
    if (t === status || t === normalise(labels.sv) || t === normalise(labels.en)) return status;
  }
  return null;
}

export function statusLabel(status: CallOffStatus, lang: Language): string {
  return CALL_OFF_STATUS_LABELS[status][lang];
}

/** A cell's shown text: the label of a status, or raw text that is not one, as typed. */
export function displayValue(value: string, lang: Language): string {
  return isOneOf(value, CALL_OFF_STATUSES) ? statusLabel(value, lang) : value;
}
