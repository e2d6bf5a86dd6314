import { en, enErrors } from './en.js';
import type { Catalogue, ClientErrorCode, ErrorCatalogue, MessageKey } from './en.js';
import { fr, frErrors } from './fr.js';
import type { ErrorCode } from '@confab/protocol';

export type Language = 'en' | 'fr';

export const languages: readonly Language[] = ['en', 'fr'];

/** The name of each language in itself, for the language switch. */
export const languageNames: Record<Language, string> = { en: 'English', fr: 'Français' };

const catalogues: Record<Language, { messages: Catalogue; errors: ErrorCatalogue }> = {
  en: { messages: en, errors: enErrors },
  fr: { messages: fr, errors: frErrors },
};

export type TranslateParams = Record<string, string | number>;

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'fr';
}

/** Picks the language: the one the person chose before, else the browser's first one we speak. */
export function detectLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;

  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** The text of one key in one language, with `{name}` placeholders filled in. */
export function translate(lang: Language, key: MessageKey, params?: TranslateParams): string {
  return fill(catalogues[lang].messages[key], params);
}

/** The text that explains an error code to a person. */
export function translateError(lang: Language, code: ErrorCode | ClientErrorCode): string {
  return catalogues[lang].errors[code];
}

function fill(template: string, params?: TranslateParams): string {
  if (!params) return template;

  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
