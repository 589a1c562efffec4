import { en, type Messages } from './en';
import { lt } from './lt';
import { pl } from './pl';
import { de } from './de';
import { sv } from './sv';
import type { Lang } from '../types';

export type { Messages };

/** Plural is a message in plural forms, chosen by Intl.PluralRules of the
 * language: en, de and sv use one and other; lt and pl few and many too. */
export interface Plural {
  one: string;
  few?: string;
  many?: string;
  other: string;
}

/** isPlural tells a Plural from a nested group of messages. */
export function isPlural(o: unknown): o is Plural {
  return typeof o === 'object' && o !== null && 'other' in o && 'one' in o && Object.values(o).every((v) => typeof v === 'string');
}
export const catalogues: Record<Lang, Messages> = { en, lt, pl, de, sv };

/** Native names of the languages, for the language picker. */
export const nativeNames: Record<Lang, string> = {
  en: 'English',
  lt: 'Lietuvių',
  pl: 'Polski',
  de: 'Deutsch',
  sv: 'Svenska',
};

/** fmt fills {name} placeholders. */
export function fmt(msg: string, vars: Record<string, string | number> = {}): string {
  return msg.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** pickLang returns the first supported language of a browser language list, or en. */
export function pickLang(prefs: readonly string[] | undefined): Lang {
  for (const p of prefs ?? []) {
    const base = p.toLowerCase().split(/[-_]/)[0];
    if (base === 'nb' || base === 'nn' || base === 'no' || base === 'da') continue;
    if (base in catalogues) return base as Lang;
  }
  return 'en';
}
