import { describe, expect, it } from 'vitest';
import { catalogues, fmt, isPlural, pickLang } from './catalogues';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null || isPlural(o)) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)).sort();
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

function get(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o);
}

describe('catalogues', () => {
  const reference = keys(catalogues.en);
  for (const [lang, cat] of Object.entries(catalogues)) {
    it(`${lang} has exactly the keys of en`, () => {
      const ks = keys(cat);
      expect(ks.filter((k) => !reference.includes(k)), 'extra keys').toEqual([]);
      expect(reference.filter((k) => !ks.includes(k)), 'missing keys').toEqual([]);
    });
    it(`${lang} has every message non-empty with the placeholders of en`, () => {
      for (const k of reference) {
        const msg = get(cat, k);
        const ref = get(catalogues.en, k);
        const want = placeholders(isPlural(ref) ? ref.other : (ref as string));
        const forms = isPlural(msg) ? Object.values(msg) : [msg];
        for (const f of forms) {
          expect(typeof f, k).toBe('string');
          expect((f as string).trim(), k).not.toBe('');
          expect(placeholders(f as string), k).toEqual(want);
        }
      }
    });
  }
});

describe('plural forms', () => {
  it('every language has the forms its plural rules pick', () => {
    for (const [lang, cat] of Object.entries(catalogues)) {
      const forms = cat.search.results as unknown as Record<string, string>;
      for (const n of [0, 1, 2, 5, 21, 22, 25, 111]) {
        const rule = new Intl.PluralRules(lang).select(n);
        expect(forms[rule], `${lang} ${n} (${rule})`).toBeTruthy();
      }
    }
  });
});

describe('fmt', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(fmt('{n} actors in {x}', { n: 3 })).toBe('3 actors in {x}');
  });
});

describe('pickLang', () => {
  it('takes the first supported base language', () => {
    expect(pickLang(['fr-FR', 'lt-LT', 'en'])).toBe('lt');
    expect(pickLang(['de-AT'])).toBe('de');
    expect(pickLang(['sv_SE'])).toBe('sv');
    expect(pickLang(['ja'])).toBe('en');
    expect(pickLang(undefined)).toBe('en');
  });
});
