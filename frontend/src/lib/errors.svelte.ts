// Errors from Go in the person's language: Go sends a code and its
// parameters (model.Code, app.ErrorCodes) and an English message for the
// command line; this turns the code into a sentence of the UI catalogue.
import { setTranslator, type Translator } from './api';
import { fmt, type Messages } from './i18n/catalogues';
import { i18n } from './i18n/index.svelte';
import type { Problem } from './types';

/** sentence makes an English message from Go read as a sentence: capital first letter, full stop. */
export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const first = t[0].toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(first) ? first : first + '.';
}

/** translator returns the Translator for the catalogue t. */
export function translator(t: () => Messages): Translator {
  return {
    problem(p: Problem): string {
      const msg = p.code ? (t().problem as Record<string, string>)[p.code] : undefined;
      return msg ? fmt(msg, p.params ?? {}) : sentence(p.english ?? p.message);
    },
    error(code: string, params: Record<string, string>, english: string): string {
      const msg = (t().apiError as Record<string, string>)[code];
      if (!msg) return sentence(english);
      // "invalid" and "internal" cover many causes: the English detail
      // says which until each has its own code.
      if ((code === 'invalid' || code === 'internal') && english) return `${fmt(msg, params)} (${english})`;
      return fmt(msg, params);
    },
  };
}

setTranslator(translator(() => i18n.t));
