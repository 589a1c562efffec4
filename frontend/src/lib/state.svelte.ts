// Application state shared by the screens: the route (from the URL hash),
// the taxonomy, the status, the search, and short notices.
import { tick } from 'svelte';
import { api, toApiError, type ApiError } from './api';
import type { FacetName, Metadata, Place, SearchResult, Status } from './types';
import type { ProgressEvent } from './transfer';
import { parseSearchHash, sameSearch, searchHash } from './searchurl';

export type Route =
  | { name: 'search' }
  | { name: 'actor'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'new' }
  | { name: 'conflicts' }
  | { name: 'sync' }
  | { name: 'settings' }
  | { name: 'welcome' }
  | { name: 'import' }
  | { name: 'data' }
  | { name: 'graph'; around?: string }
  | { name: 'map' }
  | { name: 'events' }
  | { name: 'event'; id: string }
  | { name: 'posts' }
  | { name: 'report' }
  | { name: 'speed'; id: string }
  | { name: 'publish' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').replace(/\?.*$/, '').split('/').map(decodeURIComponent);
  switch (parts[0]) {
    case 'actor':
      if (parts[1]) return parts[2] === 'edit' ? { name: 'edit', id: parts[1] } : { name: 'actor', id: parts[1] };
      return { name: 'search' };
    case 'new':
      return { name: 'new' };
    case 'conflicts':
    case 'sync':
    case 'settings':
    case 'welcome':
    case 'import':
    case 'data':
      return { name: parts[0] };
    case 'graph':
      return parts[1] ? { name: 'graph', around: parts[1] } : { name: 'graph' };
    case 'event':
      return parts[1] ? { name: 'event', id: parts[1] } : { name: 'events' };
    case 'speed':
      return parts[1] ? { name: 'speed', id: parts[1] } : { name: 'events' };
    case 'publish':
      return { name: 'publish' };
    case 'map':
    case 'events':
    case 'posts':
    case 'report':
      return { name: parts[0] };
    default:
      return { name: 'search' };
  }
}

export function href(r: Route): string {
  switch (r.name) {
    case 'search':
      // The search as it stands: back to the list keeps its words and filters.
      return searchHash(search.query, search.filters);
    case 'actor':
      return '#/actor/' + encodeURIComponent(r.id);
    case 'edit':
      return '#/actor/' + encodeURIComponent(r.id) + '/edit';
    case 'graph':
      return r.around ? '#/graph/' + encodeURIComponent(r.around) : '#/graph';
    case 'event':
      return '#/event/' + encodeURIComponent(r.id);
    case 'speed':
      return '#/speed/' + encodeURIComponent(r.id);
    default:
      return '#/' + r.name;
  }
}

/** NoticeAction is a button on a notice, such as Undo. */
export interface NoticeAction {
  label: string;
  run: () => Promise<void>;
}

class AppState {
  route = $state<Route>(parseRoute(typeof location !== 'undefined' ? location.hash : ''));
  // Raw: the taxonomy is loaded once and only ever replaced whole; labels are
  // looked up in it dozens of times per keystroke.
  meta = $state.raw<Metadata | null>(null);
  /** places is the gazetteer (Go's model.Places), loaded after meta. */
  places = $state.raw<Place[]>([]);
  status = $state<Status | null>(null);
  fatal = $state<ApiError | null>(null);
  /** indexing is the progress of a long search indexing, null when there is none. */
  indexing = $state<ProgressEvent | null>(null);
  notice = $state<{ text: string; kind: 'ok' | 'error'; action?: NoticeAction } | null>(null);
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  /** pendingImport is a file chosen on the first start, for the import wizard to open. */
  pendingImport: File | null = null;

  /** leaveGuard, set by a form with typed data, says whether the page may
   * be left (it asks the person); null when nothing would be lost. */
  leaveGuard: (() => boolean) | null = null;

  /** mayLeave asks the current form whether it may be left. */
  mayLeave(): boolean {
    return !this.leaveGuard || this.leaveGuard();
  }

  go(r: Route): void {
    location.hash = href(r);
  }

  /** notify shows a short notice; one with an action (Undo) stays longer. */
  notify(text: string, kind: 'ok' | 'error' = 'ok', action?: NoticeAction): void {
    this.notice = { text, kind, action };
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = null), kind === 'ok' && !action ? 3000 : 10000);
  }

  async refreshStatus(): Promise<void> {
    try {
      this.status = await api.status();
    } catch (e) {
      this.notify(toApiError(e).message, 'error');
    }
  }
}

export const app = new AppState();

/** paintedMark names the User Timing measure from a keystroke (or other
 * change of the search) to the frame that paints its results. */
export const paintedMark = 'sbcc:search-painted';

/** PaintedDetail is the detail of a paintedMark measure. */
export interface PaintedDetail {
  query: string;
  /** answerMs is the time from the keystroke to the answer arriving. */
  answerMs: number;
  /** updateMs is the time the page took to update its elements with the answer. */
  updateMs: number;
  /** tookMs is the search's own time in Go. */
  tookMs: number;
}

/** SearchState survives moving between the list and a profile. */
class SearchState {
  query = $state('');
  filters = $state<Partial<Record<FacetName, string[]>>>({});
  // Raw: a result is replaced whole, never changed in place, so it needs no
  // deep proxies (they cost a few milliseconds on every keystroke).
  result = $state.raw<SearchResult | null>(null);
  error = $state<ApiError | null>(null);
  loading = $state(false);
  selected = $state(0);
  limit = $state(25);
  private seq = 0;

  activeFilters(): { facet: FacetName; value: string }[] {
    return Object.entries(this.filters).flatMap(([facet, values]) =>
      (values ?? []).map((value) => ({ facet: facet as FacetName, value })),
    );
  }

  /** toggleFilter adds value to the facet's choice (values of one facet are
   * alternatives) or takes it out; the address gets a new history entry. */
  toggleFilter(facet: FacetName, value: string): void {
    const cur = this.filters[facet] ?? [];
    const next = cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
    const f = { ...this.filters };
    if (next.length) f[facet] = next;
    else delete f[facet];
    this.filters = f;
    this.address(true);
    this.run();
  }

  clearFilters(): void {
    this.filters = {};
    this.address(true);
    this.run();
  }

  /** address puts the search in the URL: a new history entry (push) for a
   * change of filters, the same entry for typing. */
  address(push: boolean): void {
    if (typeof location === 'undefined') return;
    const h = searchHash(this.query, $state.snapshot(this.filters));
    if (location.hash === h) return;
    if (push) history.pushState(history.state, '', h);
    else history.replaceState(history.state, '', h);
  }

  /** fromHash takes the query and filters of a search address (a shared
   * link, Back, Forward); it reports whether they changed the search. */
  fromHash(hash: string): boolean {
    const next = parseSearchHash(hash);
    if (sameSearch(next, { query: this.query, filters: $state.snapshot(this.filters) })) return false;
    this.query = next.query;
    this.filters = next.filters;
    this.selected = 0;
    this.limit = 25;
    return true;
  }

  /** run searches now; answers to older requests are dropped. */
  async run(started = performance.now()): Promise<void> {
    const my = ++this.seq;
    const query = this.query;
    this.loading = true;
    try {
      const res = await api.search({ query: this.query, filters: $state.snapshot(this.filters), limit: this.limit });
      if (my !== this.seq) return;
      const arrived = performance.now();
      this.result = res;
      this.error = null;
      this.selected = Math.min(this.selected, Math.max(0, res.hits.length - 1));
      await tick();
      const updated = performance.now();
      requestAnimationFrame(() => {
        if (my !== this.seq) return;
        // A User Timing entry (seen in the browser's performance tools, read by
        // the keystroke benchmark and the tests), not state: measuring must not
        // cause another render.
        performance.clearMeasures(paintedMark);
        performance.measure(paintedMark, {
          start: started,
          detail: { query, answerMs: arrived - started, updateMs: updated - arrived, tookMs: res.tookMs } satisfies PaintedDetail,
        });
      });
    } catch (e) {
      if (my !== this.seq) return;
      this.error = toApiError(e);
    } finally {
      if (my === this.seq) this.loading = false;
    }
  }
}

export const search = new SearchState();
