// The search's address: its words and chosen facet values in the URL hash
// (#/search?q=teatr&country=PL&country=LT), so that a search can be shared
// and Back goes to the previous choice.
import type { FacetName } from './types';

/** FACETS are the facets in the order the search screen shows them. */
export const FACETS: FacetName[] = ['sector', 'country', 'locality', 'kind', 'language', 'offers', 'needs'];

/** SearchFilters are chosen facet values, by facet. */
export type SearchFilters = Partial<Record<FacetName, string[]>>;

/** searchHash is the hash of a search with query and filters. */
export function searchHash(query: string, filters: SearchFilters): string {
  const p = new URLSearchParams();
  if (query) p.set('q', query);
  for (const f of FACETS) for (const v of filters[f] ?? []) p.append(f, v);
  const s = p.toString();
  return '#/search' + (s ? '?' + s : '');
}

/**
 * parseSearchHash reads the query and filters of a search's hash (unknown
 * parameters are left out); any hash without them gives an empty search.
 */
export function parseSearchHash(hash: string): { query: string; filters: SearchFilters } {
  const i = hash.indexOf('?');
  const p = new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
  const filters: SearchFilters = {};
  for (const f of FACETS) {
    const vs = [...new Set(p.getAll(f).filter((v) => v !== ''))];
    if (vs.length) filters[f] = vs;
  }
  return { query: p.get('q') ?? '', filters };
}

/** sameSearch reports whether two searches have the same query and filters (in any order). */
export function sameSearch(a: { query: string; filters: SearchFilters }, b: { query: string; filters: SearchFilters }): boolean {
  if (a.query !== b.query) return false;
  return FACETS.every((f) => {
    const x = [...(a.filters[f] ?? [])].sort();
    const y = [...(b.filters[f] ?? [])].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  });
}
