import { describe, expect, it } from 'vitest';
import { parseSearchHash, sameSearch, searchHash } from './searchurl';

describe('search address', () => {
  it('round-trips words and several values of a facet', () => {
    const s = { query: 'teatr łódź & co', filters: { country: ['PL', 'LT'], sector: ['visual arts'] } };
    const h = searchHash(s.query, s.filters);
    expect(h).toBe('#/search?q=teatr+%C5%82%C3%B3d%C5%BA+%26+co&sector=visual+arts&country=PL&country=LT');
    expect(parseSearchHash(h)).toEqual(s);
  });
  it('an empty search is #/search; other hashes and unknown parameters give an empty search', () => {
    expect(searchHash('', {})).toBe('#/search');
    expect(parseSearchHash('#/search')).toEqual({ query: '', filters: {} });
    expect(parseSearchHash('#/')).toEqual({ query: '', filters: {} });
    expect(parseSearchHash('#/search?colour=red&country=&country=SE&country=SE')).toEqual({ query: '', filters: { country: ['SE'] } });
  });
  it('compares searches whatever the order of values', () => {
    expect(sameSearch({ query: 'a', filters: { country: ['PL', 'LT'] } }, { query: 'a', filters: { country: ['LT', 'PL'] } })).toBe(true);
    expect(sameSearch({ query: 'a', filters: { country: ['PL'] } }, { query: 'a', filters: { country: ['PL', 'LT'] } })).toBe(false);
    expect(sameSearch({ query: 'a', filters: {} }, { query: 'b', filters: {} })).toBe(false);
  });
});
