import { describe, expect, it } from 'vitest';
import { MARK_END, MARK_START, plain, runs, segments } from './highlight';

describe('segments', () => {
  it('splits marked parts', () => {
    expect(segments(`Pracownia ${MARK_START}Łódź${MARK_END}ka`)).toEqual([
      { text: 'Pracownia ', mark: false },
      { text: 'Łódź', mark: true },
      { text: 'ka', mark: false },
    ]);
  });
  it('keeps markup as text', () => {
    const s = segments(`${MARK_START}<img src=x onerror=alert(1)>${MARK_END}`);
    expect(s).toEqual([{ text: '<img src=x onerror=alert(1)>', mark: true }]);
  });
  it('handles unbalanced and empty input', () => {
    expect(segments('')).toEqual([]);
    expect(segments(`a${MARK_START}b`)).toEqual([
      { text: 'a', mark: false },
      { text: 'b', mark: true },
    ]);
    expect(plain(`a${MARK_START}b${MARK_END}`)).toBe('ab');
  });
});

describe('runs', () => {
  it('pairs plain text with the marked text after it', () => {
    expect(runs(`Pracownia ${MARK_START}Łódź${MARK_END}ka ${MARK_START}a${MARK_END}${MARK_START}b${MARK_END}`)).toEqual([
      { plain: 'Pracownia ', marked: 'Łódź' },
      { plain: 'ka ', marked: 'a' },
      { plain: '', marked: 'b' },
    ]);
    expect(runs('no marks')).toEqual([{ plain: 'no marks', marked: '' }]);
    expect(runs('')).toEqual([]);
  });
});
