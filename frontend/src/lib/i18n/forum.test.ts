import { describe, expect, test } from 'vitest';
import { forumMessages } from './forum';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, prefix + k + '.') : [prefix + k]));
}

describe('speed-dating messages', () => {
  const en = keys(forumMessages.en).sort();
  for (const [lang, m] of Object.entries(forumMessages)) {
    test(`${lang} has every message, none empty, the same placeholders`, () => {
      expect(keys(m).sort()).toEqual(en);
      const flat = (o: object): Record<string, string> =>
        Object.fromEntries(keys(o).map((k) => [k, k.split('.').reduce((x: any, p) => x[p], o) as string])); // eslint-disable-line @typescript-eslint/no-explicit-any
      const mine = flat(m), ref = flat(forumMessages.en);
      for (const k of en) {
        expect(mine[k], k).not.toBe('');
        expect((mine[k].match(/\{\w+\}/g) ?? []).sort(), k).toEqual((ref[k].match(/\{\w+\}/g) ?? []).sort());
      }
    });
  }
});
