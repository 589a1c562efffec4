// Messages with numbers, in a given language: the plural form chosen by
// Intl.PluralRules and every number written with Intl.NumberFormat. Pure
// (the language is a parameter), so it is tested without the UI state;
// i18n (index.svelte.ts) calls it with the UI language.
import { fmt, isPlural, type Plural } from './catalogues';
import type { Lang } from '../types';

// Intl formatters are costly to make (a search re-renders dozens of counts
// and labels per keystroke), so each language and style gets one, made on
// first use.
const formatters = new Map<string, object>();

/** formatter returns the Intl object cached under key, making it on first use. */
export function formatter<T extends object>(key: string, make: () => T): T {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as T;
}

/** num writes n in lang's number format with at most digits decimals
 * (1234.5 → "1,234.5" in en, "1.234,5" in de, "1 234,5" in lt). */
export function num(lang: Lang, n: number, digits = 0): string {
  return formatter(`num|${lang}|${digits}`, () =>
    new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
  ).format(n);
}

// Numbers in messages keep up to three decimals, as Intl.PluralRules does
// by default, so the form chosen and the number shown agree (1.5 is
// written "1,5" in lt and takes the form for fractions, not the one for 2).
const messageDigits = 3;

/** pluralForm returns the form of forms that lang's plural rules pick for n. */
export function pluralForm(lang: Lang, forms: Plural, n: number): string {
  const rule = formatter(`plural|${lang}`, () => new Intl.PluralRules(lang)).select(n) as keyof Plural;
  return forms[rule] ?? forms.other;
}

/** say fills msg's placeholders from vars in lang: numbers are written in
 * lang's number format, and a Plural takes the form for vars.n (a number,
 * or a string of one as Go's problem parameters are; 0 when missing). */
export function say(lang: Lang, msg: string | Plural, vars: Record<string, string | number> = {}): string {
  const text = isPlural(msg) ? pluralForm(lang, msg, Number(vars.n ?? 0)) : msg;
  const shown: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) shown[k] = typeof v === 'number' ? num(lang, v, messageDigits) : v;
  return fmt(text, shown);
}
