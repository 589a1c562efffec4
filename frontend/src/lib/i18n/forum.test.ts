import { describe, expect, test } from 'vitest';
import { isPlural } from './catalogues';
import { forumMessages } from './forum';

// A Plural's forms are one message (each language has the forms its rules need).
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !isPlural(v) ? keys(v, prefix + k + '.') : [prefix + k]));
}

describe('speed-dating messages', () => {
  const en = keys(forumMessages.en).sort();
  for (const [lang, m] of Object.entries(forumMessages)) {
    test(`${lang} has every message, none empty, the same placeholders`, () => {
      expect(keys(m).sort()).toEqual(en);
      const forms = (o: object, k: string): string[] => {
        const v = k.split('.').reduce((x: any, p) => x[p], o); // eslint-disable-line @typescript-eslint/no-explicit-any
        return isPlural(v) ? Object.values(v) as string[] : [v as string];
      };
      for (const k of en) {
        const want = (forms(forumMessages.en, k)[0].match(/\{\w+\}/g) ?? []).sort();
        for (const f of forms(m, k)) {
          expect(f, k).not.toBe('');
          expect((f.match(/\{\w+\}/g) ?? []).sort(), k).toEqual(want);
        }
      }
    });
  }
});
