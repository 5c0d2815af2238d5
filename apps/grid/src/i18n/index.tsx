import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Label } from '@fvm/domain';
import { DICTIONARIES, LANGUAGES, type Dictionary, type Language } from './dictionary';

export { DICTIONARIES, ENTITY_TYPE_NAMES, LANGUAGES, entityTypeLabel, type Dictionary, type EntityTypeName, type Language } from './dictionary';

const STORAGE_KEY = 'fvm.language';

interface I18n {
  lang: Language;
  t: Dictionary;
  setLang: (lang: Language) => void;
  /** A domain label ({ en, sv }) in the current language. */
  label: (l: Label) => string;
  /** A rule violation's message in the current language. */
  message: (v: { message: string; messageSv: string }) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  } catch {
    // storage unavailable: Swedish
  }
  return 'sv';
}

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [lang, setLangState] = useState<Language>(() => initial ?? initialLanguage());
  const setLang = useCallback((next: Language) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still switched
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      t: DICTIONARIES[lang],
      setLang,
      label: (l) => l[lang],
      message: (v) => (lang === 'sv' ? v.messageSv : v.message),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
