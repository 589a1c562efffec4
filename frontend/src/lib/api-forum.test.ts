import { describe, expect, test } from 'vitest';
import { priorityName, roundTime } from './api-forum';

describe('speed-dating helpers', () => {
  test('round times count rounds and breaks before them', () => {
    const s = { id: 's', event: 'e', rounds: 4, roundMinutes: 10, tables: 2, start: '14:00', breaks: [2], breakMinutes: 15 };
    expect([1, 2, 3, 4].map((r) => roundTime(s, r))).toEqual(['14:00', '14:10', '14:35', '14:45']);
    expect(roundTime({ ...s, start: '' }, 2)).toBe('');
  });
  test('priorities by number and name', () => {
    expect([3, 2, 1, 'mutual'].map(priorityName)).toEqual(['mutual', 'one-sided', 'suggested', 'mutual']);
  });
});
