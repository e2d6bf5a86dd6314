import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ErrorCode } from '@confab/protocol';
import type { ClientErrorCode, MessageKey } from './en.js';
import { detectLanguage, translate, translateError } from './translate.js';
import type { Language, TranslateParams } from './translate.js';

export type { Language } from './translate.js';
export { languages, languageNames } from './translate.js';
export type { ClientErrorCode, MessageKey } from './en.js';

const STORAGE_KEY = 'confab.lang';

export interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: MessageKey, params?: TranslateParams) => string;
  error: (code: ErrorCode | ClientErrorCode) => string;
  /** A clock time such as 14:05, in the reader's language. */
  time: (iso: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Holds the current language for the whole application and remembers the person's choice. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(() =>
    detectLanguage(readStoredLanguage(), navigator.languages));

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Language) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage; the choice then lasts for this page only.
    }
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
    return {
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      error: (code) => translateError(lang, code),
      time: (iso) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? '' : clock.format(date);
      },
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The translation functions of the current language. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
