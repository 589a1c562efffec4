// The one module that talks to Go: through the Wails bindings in the
// desktop window (window.go.web.Window.Call(method, args), which runs the
// method with the window's context), in a browser over one WebSocket
// (/api/socket: {id, method, args} out, {id, result | error, status} back;
// a call costs about 1 ms there against some 5 ms for a fetch in Chromium),
// falling back to HTTP (POST /api/Method with a JSON array of arguments)
// when the socket cannot be opened. Events come through the Wails
// runtime in the window and an EventSource in a browser.
import type {
  ActorView, Actor, Conflict, Consent, Metadata, NetworkInfo, NetworkState, Peer, Place, DeletedRecord,
  Problem, SearchRequest, SearchResult, Settings, Similar, Status,
} from './types';
import type {
  BackupDownload, BackupRestored, Download, ExpiringConsent, ExportFormat, ImportLog, ImportOpened, ImportPreview, ImportReport, UndoReport,
} from './transfer';

/** Translator says errors in the UI language; set once by the UI (see
 * lib/errors.svelte.ts), so this module needs no UI state. */
export interface Translator {
  /** problem returns the sentence for one problem (its English message when its code is unknown). */
  problem(p: Problem): string;
  /** error returns the sentence for an error without problems. */
  error(code: string, params: Record<string, string>, english: string): string;
}

let translator: Translator | null = null;

/** setTranslator makes every ApiError made from now on speak the UI language. */
export function setTranslator(t: Translator): void {
  translator = t;
}

/** ApiError is a failed call: a message in the UI language, a code, and
 * for validation errors the fields to fix (each problem's message in the UI
 * language too; english keeps what Go said). */
export class ApiError extends Error {
  code: string;
  problems: Problem[];
  params: Record<string, string>;
  /** english is the message as Go sent it. */
  english: string;
  constructor(message: string, code = 'internal', problems: Problem[] = [], params: Record<string, string> = {}) {
    const tr = translator;
    const ps = tr ? problems.map((p) => ({ ...p, english: p.english ?? p.message, message: tr.problem(p) })) : problems;
    super(tr ? (ps.length ? ps.map((p) => p.message).join(' ') : tr.error(code, params, message)) : message);
    this.name = 'ApiError';
    this.code = code;
    this.problems = ps;
    this.params = params;
    this.english = message;
  }
  /** problemsFor returns the messages about one field (and its sub-fields such as description.lt). */
  problemsFor(field: string): string[] {
    return this.problems.filter((p) => p.field === field || p.field.startsWith(field + '.')).map((p) => p.message);
  }
}

interface WailsWindow {
  go?: { web?: { Window?: { Call: (method: string, args: unknown[]) => Promise<unknown> } } };
  runtime?: {
    EventsOn: (name: string, cb: (...data: unknown[]) => void) => () => void;
    EventsEmit: (name: string, ...data: unknown[]) => void;
  };
}

const w = (typeof window !== 'undefined' ? window : {}) as unknown as WailsWindow;

/** inWindow is true inside the Wails desktop window. */
export function inWindow(): boolean {
  return !!w.go?.web?.Window;
}

/** toApiError turns whatever a call threw into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object' && 'error' in e) {
    const b = e as { error: string; code?: string; problems?: Problem[]; params?: Record<string, string> };
    return new ApiError(b.error, b.code, b.problems ?? [], b.params ?? {});
  }
  if (typeof e === 'string') {
    try {
      return toApiError(JSON.parse(e));
    } catch {
      return new ApiError(e);
    }
  }
  if (e instanceof Error) return new ApiError(e.message, 'network');
  return new ApiError(String(e));
}

export type Transport = (method: string, args: unknown[]) => Promise<unknown>;

const httpTransport: Transport = async (method, args) => {
  let res: Response;
  try {
    res = await fetch('./api/' + method, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(e instanceof Error ? e.message : String(e), 'network');
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(text || res.statusText, 'internal');
  }
  if (!res.ok) throw toApiError(body ?? res.statusText);
  return body;
};

interface SocketReply {
  id: number;
  result?: unknown;
  error?: { error: string; code?: string; problems?: Problem[]; params?: Record<string, string> };
  status: number;
}

/** SocketTransport sends calls over one WebSocket, opened on first use and
 * again after it closes; calls in flight when it closes fail as network
 * errors (like a fetch that fails: they may or may not have run). */
export class SocketTransport {
  private ws: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;
  private next = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: ApiError) => void }>();
  /** unavailableUntil is when to try the socket again after it failed to open. */
  private unavailableUntil = 0;

  constructor(
    private readonly url: () => string,
    private readonly fallback: Transport,
  ) {}

  call: Transport = async (method, args) => {
    if (Date.now() < this.unavailableUntil || typeof WebSocket === 'undefined') return this.fallback(method, args);
    let ws: WebSocket;
    try {
      ws = await this.open();
    } catch {
      this.unavailableUntil = Date.now() + 30_000;
      return this.fallback(method, args);
    }
    // Closed between opening and now: nothing was sent, so HTTP may carry it.
    if (ws.readyState !== WebSocket.OPEN) return this.fallback(method, args);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, args }));
    });
  };

  private open(): Promise<WebSocket> {
    if (this.ws?.readyState === WebSocket.OPEN) return Promise.resolve(this.ws);
    if (this.opening) return this.opening;
    this.opening = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(this.url());
      ws.onopen = () => {
        this.ws = ws;
        this.opening = null;
        resolve(ws);
      };
      ws.onmessage = (e) => this.answer(e.data);
      ws.onclose = () => {
        if (this.ws === ws) this.ws = null;
        if (this.opening) {
          this.opening = null;
          reject(new ApiError('the socket did not open', 'network'));
        }
        const lost = [...this.pending.values()];
        this.pending.clear();
        for (const p of lost) p.reject(new ApiError('the connection to sbcc was lost; try again', 'network'));
      };
    });
    return this.opening;
  }

  private answer(data: unknown): void {
    let r: SocketReply;
    try {
      r = JSON.parse(String(data));
    } catch {
      return;
    }
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (r.error) p.reject(toApiError(r.error));
    else p.resolve(r.result ?? null);
  }
}

function socketURL(): string {
  const u = new URL('./api/socket', location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.hash = '';
  return u.href;
}

const socketTransport = new SocketTransport(socketURL, httpTransport).call;

const wailsTransport: Transport = async (method, args) => {
  const win = w.go?.web?.Window;
  if (!win) throw new ApiError(`the window has no method ${method}`, 'internal');
  try {
    return await win.Call(method, args);
  } catch (e) {
    throw toApiError(e);
  }
};

let transport: Transport | null = null;

/** setTransport replaces the transport (tests). */
export function setTransport(t: Transport | null): void {
  transport = t;
}

export function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const t = transport ?? (inWindow() ? wailsTransport : socketTransport);
  return t(method, args) as Promise<T>;
}

export const api = {
  status: () => call<Status>('Status'),
  meta: () => call<Metadata>('Meta'),
  places: () => call<Place[]>('Places'),
  search: (req: SearchRequest) => call<SearchResult>('Search', req),
  actor: (id: string) => call<ActorView>('Actor', id),
  saveActor: (a: Actor) => call<ActorView>('SaveActor', a),
  similarActors: (a: Actor) => call<Similar[]>('SimilarActors', a),
  saveConsent: (c: Consent) => call<Consent>('SaveConsent', c),
  delete: (id: string) => call<null>('Delete', id),
  restore: (id: string) => call<null>('Restore', id),
  deletedRecords: () => call<DeletedRecord[]>('DeletedRecords'),
  undoChange: (id: string, index: number) => call<{ restored: string[]; kept?: string[] }>('UndoChange', id, index),
  erase: (id: string) => call<null>('Erase', id, id),
  conflicts: () => call<Conflict[]>('Conflicts'),
  resolve: (id: string, field: string, value: unknown) => call<null>('Resolve', id, field, value),
  settings: () => call<Settings>('Settings'),
  saveSettings: (s: Settings) => call<Settings>('SaveSettings', s),
  /** webFingerprint is the SHA-256 of the certificate sbcc web serves HTTPS with, '' before it first did. */
  webFingerprint: () => call<string>('WebFingerprint'),
  loadDemo: () => call<Status>('LoadDemo'),
  // Import wizard, exports, backup, GDPR (app/api_transfer.go); files travel as base64.
  importOpen: (name: string, base64: string) => call<ImportOpened>('ImportOpen', name, base64),
  importSetMapping: (token: string, mapping: Record<string, string>) => call<ImportPreview>('ImportSetMapping', token, mapping),
  importChooseSheet: (token: string, sheet: string, headerRow: number) => call<ImportPreview>('ImportChooseSheet', token, sheet, headerRow),
  importRun: (token: string, dryRun: boolean, onDuplicate: string) => call<ImportReport>('ImportRun', token, dryRun, onDuplicate),
  importClose: (token: string) => call<null>('ImportClose', token),
  importUndo: (id: string) => call<UndoReport>('ImportUndo', id),
  imports: () => call<ImportLog[]>('Imports'),
  exportFile: (format: ExportFormat, search: SearchRequest | null) => call<Download>('Export', format, search),
  /** exportExcelCSV is the CSV with semicolons that Excel opens in columns in PL, LT, DE and SE. */
  exportExcelCSV: (search: SearchRequest | null) => call<Download>('ExportExcelCSV', search),
  backup: () => call<BackupDownload>('Backup'),
  /** restoreBackup replaces the directory with a backup file (base64); Go closes and reopens the data folder. */
  restoreBackup: (name: string, base64: string) => call<BackupRestored>('RestoreBackup', name, base64),
  subject: (id: string) => call<unknown>('Subject', id),
  expiringConsents: (days: number) => call<ExpiringConsent[]>('ExpiringConsents', days),
  peers: () => call<Peer[]>('Peers'),
  networkCreate: (office = '') => call<NetworkInfo>('NetworkCreate', office),
  networkJoin: (invite: string, office = '') => call<NetworkInfo>('NetworkJoin', invite, office),
  networkInvite: () => call<string>('NetworkInvite'),
  networkRotate: () => call<string>('NetworkRotate'),
  networkState: () => call<NetworkState>('NetworkState'),
  inviteInfo: (code: string) => call<{ network: string; expires: string }>('InviteInfo', code),
  removeDemo: () => call<number>('RemoveDemo'),
};

/** on subscribes to a Go event (records, sync, import); returns a cancel function. */
export function on(name: string, cb: (data: unknown) => void): () => void {
  if (w.runtime?.EventsOn) {
    return w.runtime.EventsOn(name, (...data: unknown[]) => cb(data[0]));
  }
  if (typeof EventSource === 'undefined') return () => {};
  const es = sharedEventSource();
  const listener = (ev: MessageEvent) => {
    try {
      cb(JSON.parse(ev.data));
    } catch {
      cb(null);
    }
  };
  es.addEventListener(name, listener);
  return () => es.removeEventListener(name, listener);
}

let source: EventSource | null = null;
function sharedEventSource(): EventSource {
  if (!source) source = new EventSource('./api/events');
  return source;
}

/** announceReady tells the desktop shell that the first screen is painted. */
export function announceReady(): void {
  w.runtime?.EventsEmit?.('frontend:ready');
}
