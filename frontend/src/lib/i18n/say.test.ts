import { describe, expect, it } from 'vitest';
import { catalogues } from './catalogues';
import { num, say } from './say';
import { translator } from '../errors.svelte';
import type { Lang } from '../types';

// Intl writes groups of digits apart with a no-break space in lt, pl and sv.
const nb = '\u00a0';

/** forms says msg in lang for each count. */
function forms(lang: Lang, pick: (t: typeof catalogues.en) => unknown, ns: number[], vars: Record<string, string | number> = {}): string[] {
  return ns.map((n) => say(lang, pick(catalogues[lang]) as string, { ...vars, n }));
}

describe('say: plural forms of real messages', () => {
  it('Lithuanian actors on the map: one, few, many (fractions) and other', () => {
    expect(forms('lt', (t) => t.network.map.found, [1, 2, 5, 10, 11, 21, 22, 25, 1.5])).toEqual([
      'Rastas 1 dalyvis',
      'Rasti 2 dalyviai',
      'Rasti 5 dalyviai',
      'Rasta 10 dalyvių',
      'Rasta 11 dalyvių',
      'Rastas 21 dalyvis',
      'Rasti 22 dalyviai',
      'Rasti 25 dalyviai',
      'Rasta 1,5 dalyvio',
    ]);
  });
  it('Polish actors on the map: one, few, many and other (fractions)', () => {
    expect(forms('pl', (t) => t.network.map.found, [1, 2, 5, 12, 21, 22, 25, 1.5])).toEqual([
      'Znaleziono 1 podmiot',
      'Znaleziono 2 podmioty',
      'Znaleziono 5 podmiotów',
      'Znaleziono 12 podmiotów',
      'Znaleziono 21 podmiotów',
      'Znaleziono 22 podmioty',
      'Znaleziono 25 podmiotów',
      'Znaleziono 1,5 podmiotu',
    ]);
  });
  it('Lithuanian and Polish registrations of an event', () => {
    expect(forms('lt', (t) => t.network.events.registered, [1, 2, 21, 30])).toEqual([
      'Užsiregistravo 1 dalyvis',
      'Užsiregistravo 2 dalyviai',
      'Užsiregistravo 21 dalyvis',
      'Užsiregistravo 30 dalyvių',
    ]);
    expect(forms('pl', (t) => t.network.events.registered, [1, 2, 5, 22])).toEqual([
      'Zarejestrowano 1 uczestnika',
      'Zarejestrowano 2 uczestników',
      'Zarejestrowano 5 uczestników',
      'Zarejestrowano 22 uczestników',
    ]);
  });
  it('days of a consent in lt and pl', () => {
    expect(forms('lt', (t) => t.transfer.daysLeft, [1, 2, 10, 21])).toEqual(['po 1 dienos', 'po 2 dienų', 'po 10 dienų', 'po 21 dienos']);
    expect(forms('pl', (t) => t.transfer.daysLeft, [1, 2, 5, 22])).toEqual(['za 1 dzień', 'za 2 dni', 'za 5 dni', 'za 22 dni']);
  });
  it('English no longer says "1 actors"', () => {
    expect(forms('en', (t) => t.transfer.exported, [1, 2], { file: 'a.csv' })).toEqual(['Saved a.csv (1 actor).', 'Saved a.csv (2 actors).']);
    expect(forms('en', (t) => t.profile.conflictBanner, [1])).toEqual(['This record has 1 open conflict.']);
  });
});

describe('say: numbers in the UI language', () => {
  it('writes every number of a message in the language', () => {
    expect(say('en', catalogues.en.transfer.previewMore, { shown: 1000, n: 25000 })).toBe('Showing 1,000 of 25,000 rows.');
    expect(say('de', catalogues.de.transfer.previewMore, { shown: 1000, n: 25000 })).toBe('1.000 von 25.000 Zeilen werden gezeigt.');
    expect(say('lt', catalogues.lt.transfer.previewMore, { shown: 1000, n: 25001 })).toBe(`Rodoma 1${nb}000 iš 25${nb}001 eilutės.`);
    expect(say('pl', catalogues.pl.transfer.previewMore, { shown: 1000, n: 25000 })).toBe(`Pokazano 1000 z 25${nb}000 wierszy.`);
  });
  it('keeps the decimals the plural form was chosen for', () => {
    expect(num('lt', 1.5)).toBe('2');
    expect(say('lt', '{n}', { n: 1.5 })).toBe('1,5');
  });
});

describe('errors from Go with counts', () => {
  it('chooses the form from the string parameters and formats them', () => {
    const lt = translator(() => catalogues.lt, () => 'lt');
    const en = translator(() => catalogues.en, () => 'en');
    expect(en.problem({ field: 'name', code: 'too-long', params: { n: '2001', max: '2000' }, message: '' })).toBe(
      'This is 2,001 characters long; at most 2,000 are allowed.',
    );
    expect(lt.problem({ field: 'name', code: 'too-long', params: { n: '2021', max: '2000' }, message: '' })).toBe(
      `Čia 2${nb}021 simbolis; leidžiama daugiausia 2${nb}000.`,
    );
    expect(lt.problem({ field: 'tags', code: 'too-many', params: { n: '22', max: '20' }, message: '' })).toBe(
      'Šiame sąraše yra 22 įrašai; išsaugoma ne daugiau kaip 20.',
    );
    // {value} is what the person wrote: shown as written, not as a number.
    expect(en.problem({ field: 'year', code: 'year', params: { value: '20261' }, message: '' })).toBe('20261 is not a plausible year.');
  });
});
