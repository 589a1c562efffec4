// The UI language as reactive state. Components read i18n.t (the catalogue)
// and i18n.lang; setLang switches everything at once.
import { catalogues, fmt, pickLang, type Messages, type Plural } from './catalogues';
import type { Lang, Text } from '../types';

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

const systemLang: Lang = pickLang(typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : []);

class I18n {
  /** chosen is the language set in settings, or '' to follow the system. */
  chosen = $state<'' | Lang>('');
  lang = $derived<Lang>(this.chosen || systemLang);
  t = $derived<Messages>(catalogues[this.lang]);
  readonly system = systemLang;

  /** label picks a Go taxonomy label in the UI language. */
  label = (text: Text | undefined, fallback = ''): string => {
    if (!text) return fallback;
    return text[this.lang] || text.en || Object.values(text).find(Boolean) || fallback;
  };

  f = fmt;

  /** date formats an RFC 3339 time in the UI language. */
  date = (iso: string | undefined, withTime = true): string => {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    const lang = this.lang;
    return formatter(`date|${lang}|${withTime}`, () =>
      new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }),
    ).format(d);
  };

  /** pct formats a fraction (0.45) as a whole percentage in the UI language. */
  pct = (fraction: number): string => {
    const lang = this.lang;
    return formatter(`pct|${lang}`, () => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 })).format(fraction);
  };

  /** plural picks the form of forms for n (Intl.PluralRules of the UI
   * language) and fills {n} with n formatted, and any other vars. */
  plural = (forms: Plural, n: number, vars: Record<string, string | number> = {}): string => {
    const lang = this.lang;
    const rule = formatter(`plural|${lang}`, () => new Intl.PluralRules(lang)).select(n) as keyof Plural;
    return fmt(forms[rule] ?? forms.other, { ...vars, n: this.num(n) });
  };

  /** num formats a number in the UI language. */
  num = (n: number, digits = 0): string => {
    const lang = this.lang;
    return formatter(`num|${lang}|${digits}`, () =>
      new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
    ).format(n);
  };
}

export const i18n = new I18n();

export function setLang(lang: '' | Lang): void {
  i18n.chosen = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = i18n.lang;
}
