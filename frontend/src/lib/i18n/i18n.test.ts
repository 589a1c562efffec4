import { describe, expect, it } from 'vitest';
import { catalogues, fmt, isPlural, pickLang } from './catalogues';
import { forumMessages } from './forum';

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

// Messages with {n} that are not counts of things a noun agrees with, each
// with its reason. Keep this short: a count belongs in plural forms.
const notCounted: Record<string, string> = {
  'sync.megabytes': '"{n} MB": a unit symbol, written the same after any number in every language',
};

/** leaves lists every message of a catalogue with its dotted path. */
function leaves(o: unknown, prefix = ''): [string, unknown][] {
  if (typeof o !== 'object' || o === null || isPlural(o)) return [[prefix, o]];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const counts = [0, 1, 2, 5, 11, 12, 21, 22, 25, 111, 1.5];

describe('counted messages', () => {
  const sets: [string, Record<string, unknown>][] = [
    ['main', catalogues],
    ['speed dating', forumMessages],
  ];
  for (const [name, set] of sets) {
    it(`${name}: every message with {n} has plural forms`, () => {
      const single = leaves(set.en)
        .filter(([k, v]) => typeof v === 'string' && v.includes('{n}') && !(k in notCounted))
        .map(([k]) => k);
      expect(single, 'messages counting {n} in one form').toEqual([]);
    });
    it(`${name}: every plural message has the forms each language's rules pick`, () => {
      for (const [lang, cat] of Object.entries(set)) {
        const rules = new Intl.PluralRules(lang);
        for (const [k, v] of leaves(cat)) {
          if (!isPlural(v)) continue;
          for (const n of counts) {
            const rule = rules.select(n) as keyof typeof v;
            expect(v[rule], `${lang} ${k} ${n} (${rule})`).toBeTruthy();
          }
        }
      }
    });
  }
  it('the exceptions are messages with {n} in one form', () => {
    const all = new Map(leaves(catalogues.en));
    for (const k of Object.keys(notCounted)) {
      const v = all.get(k);
      expect(typeof v === 'string' && v.includes('{n}'), k).toBe(true);
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
