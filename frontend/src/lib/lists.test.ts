import { describe, expect, it } from 'vitest';
import { joinList, parseValueText, splitList, toggle, valueText } from './lists';

describe('lists', () => {
  it('splits and joins', () => {
    expect(splitList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(joinList(['a', 'b'])).toBe('a, b');
    expect(joinList(undefined)).toBe('');
  });
  it('toggles', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });
  it('round-trips conflict values through text', () => {
    expect(parseValueText(valueText('Studio'), 'x')).toBe('Studio');
    expect(parseValueText(valueText(['a', 'b']), ['z'])).toEqual(['a', 'b']);
    expect(parseValueText(valueText({ en: 'x' }), { en: 'y' })).toEqual({ en: 'x' });
    expect(parseValueText('', 'x')).toBe(null);
    expect(() => parseValueText('{', { en: 'y' })).toThrow();
  });
});
