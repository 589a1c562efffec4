import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, api, setTransport, toApiError } from './api';

afterEach(() => setTransport(null));

describe('api', () => {
  it('passes method and arguments to the transport', async () => {
    const calls: [string, unknown[]][] = [];
    setTransport(async (m, args) => {
      calls.push([m, args]);
      return { ok: true };
    });
    await api.search({ query: 'lodz' });
    await api.erase('01abc');
    await api.resolve('01abc', 'name', ['a']);
    expect(calls).toEqual([
      ['Search', [{ query: 'lodz' }]],
      ['Erase', ['01abc', '01abc']],
      ['Resolve', ['01abc', 'name', ['a']]],
    ]);
  });
  it('turns error bodies into ApiError with problems', () => {
    const e = toApiError({ error: 'name: a name is required', code: 'invalid', problems: [{ field: 'name', message: 'a name is required' }, { field: 'description.lt', message: 'too long' }] });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('invalid');
    expect(e.problemsFor('name')).toEqual(['a name is required']);
    expect(e.problemsFor('description')).toEqual(['too long']);
    expect(toApiError('{"error":"x","code":"not-found"}').code).toBe('not-found');
    expect(toApiError('plain').message).toBe('plain');
  });
});
