import { ACCESS_BASIS_LABELS, LOG_ACTION_LABELS, LOG_DEVICE_LABELS, LOG_OUTCOME_LABELS, PROFESSION_LABELS, type Label } from '@fvm/domain';
import type { Language } from '../i18n';
import { fromEnum, LOG_TIME_ZONE } from './filters';

const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

const timeFormats = new Map<Language, Intl.DateTimeFormat>();
/** A log time in Swedish time: "2025-07-02 14:03:22" in Swedish, "02/07/2025, 14:03:22" in English. */
export function formatLogTime(iso: string, lang: Language): string {
  let f = timeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: LOG_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(lang, f);
  }
  return f.format(new Date(iso));
}

/** 10 000 000 in Swedish, 10,000,000 in English. */
export function formatCount(n: number, lang: Language): string {
  return n.toLocaleString(LOCALES[lang]);
}

function labelOf<K extends string>(labels: Record<K, Label>, apiValue: string, lang: Language): string {
  const key = fromEnum(apiValue) as K;
  return labels[key]?.[lang] ?? apiValue;
}

/** The domain's words for the API's enum values (READ → Läsning / Read). */
export const actionLabel = (v: string, lang: Language) => labelOf(LOG_ACTION_LABELS, v, lang);
export const basisLabel = (v: string, lang: Language) => labelOf(ACCESS_BASIS_LABELS, v, lang);
export const deviceLabel = (v: string, lang: Language) => labelOf(LOG_DEVICE_LABELS, v, lang);
export const outcomeLabel = (v: string, lang: Language) => labelOf(LOG_OUTCOME_LABELS, v, lang);
/** A profession as the log records it (nurse) in words (Sjuksköterska); one it does not know as recorded. */
export const professionLabel = (v: string, lang: Language) => labelOf(PROFESSION_LABELS, v, lang);
