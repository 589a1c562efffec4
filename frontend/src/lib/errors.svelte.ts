// Errors from Go in the person's language: Go sends a code and its
// parameters (model.Code, app.ErrorCodes) and an English message for the
// command line; this turns the code into a sentence of the UI catalogue.
import { setTranslator, type Translator } from './api';
import type { Messages, Plural } from './i18n/catalogues';
import { i18n } from './i18n/index.svelte';
import { say } from './i18n/say';
import type { Lang, Problem } from './types';

/** sentence makes an English message from Go read as a sentence: capital first letter, full stop. */
export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const first = t[0].toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(first) ? first : first + '.';
}

/** counts turns Go's string parameters that are whole numbers into
 * numbers, so that they choose the plural form and are written in the
 * language's format; value is what the person wrote and stays as written. */
function counts(params: Record<string, string>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, k !== 'value' && /^-?\d+$/.test(v) ? Number(v) : v]));
}

/** translator returns the Translator for the catalogue t in the language lang. */
export function translator(t: () => Messages, lang: () => Lang): Translator {
  return {
    problem(p: Problem): string {
      const msg = p.code ? (t().problem as Record<string, string | Plural>)[p.code] : undefined;
      return msg ? say(lang(), msg, counts(p.params ?? {})) : sentence(p.english ?? p.message);
    },
    error(code: string, params: Record<string, string>, english: string): string {
      const msg = (t().apiError as Record<string, string>)[code];
      if (!msg) return sentence(english);
      // "invalid" and "internal" cover many causes: the English detail
      // says which until each has its own code.
      if ((code === 'invalid' || code === 'internal') && english) return `${say(lang(), msg, counts(params))} (${english})`;
      return say(lang(), msg, counts(params));
    },
  };
}

setTranslator(translator(() => i18n.t, () => i18n.lang));
