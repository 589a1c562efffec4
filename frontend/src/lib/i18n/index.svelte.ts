// The UI language as reactive state. Components read i18n.t (the catalogue)
// and i18n.lang; setLang switches everything at once.
import { catalogues, pickLang, type Messages, type Plural } from './catalogues';
import { formatter, num, say } from './say';
import type { Lang, Text } from '../types';

export { formatter };

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

  /** f fills msg's placeholders from vars, numbers written in the UI
   * language. Counted messages are Plurals: use plural. */
  f = (msg: string, vars: Record<string, string | number> = {}): string => say(this.lang, msg, vars);

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

  /** pct formats a fraction (0.45) as a percentage in the UI language
   * ("45%" in en, "45 %" in de), with at most digits decimals. */
  pct = (fraction: number, digits = 0): string => {
    const lang = this.lang;
    return formatter(`pct|${lang}|${digits}`, () => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: digits })).format(fraction);
  };

  /** plural picks the form of forms for n (Intl.PluralRules of the UI
   * language) and fills {n} with n and the other vars, numbers written in
   * the UI language. */
  plural = (forms: Plural, n: number, vars: Record<string, string | number> = {}): string => say(this.lang, forms, { ...vars, n });

  /** num formats a number in the UI language. */
  num = (n: number, digits = 0): string => num(this.lang, n, digits);
}

export const i18n = new I18n();

export function setLang(lang: '' | Lang): void {
  i18n.chosen = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = i18n.lang;
}
