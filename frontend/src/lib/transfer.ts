// Types and logic of the import wizard, exports, backup and the GDPR tools
// (Go: app/api_transfer.go). Everything here is plain TypeScript, tested
// by transfer.test.ts; the screens only show it.
import type { Consent, Lang, SearchRequest } from './types';
import type { Messages } from './i18n/catalogues';
import { fmt } from './i18n/catalogues';

/** MAX_IMPORT_SIZE is app.MaxImportSize: the largest file the wizard sends (50 MiB). */
export const MAX_IMPORT_SIZE = 50 * 1024 * 1024;

/** Formats the importer reads, for the file picker. */
export const IMPORT_ACCEPT = '.csv,.tsv,.txt,.xlsx,.vcf,.json';
export const EXPORT_FORMATS = ['csv', 'xlsx', 'vcf', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type DuplicatePolicy = 'skip' | 'update' | 'new';

export interface Row {
  line: number;
  cells: string[];
}

export interface MappedColumn {
  header: string;
  field: string;
}

export interface ImportPreview {
  file: string;
  format: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  headerRow?: number;
  sheets?: string[];
  columns: MappedColumn[] | null;
  rows: Row[] | null;
  total: number;
  unreadable: number;
  targets: string[];
}

export interface ImportOpened {
  token: string;
  preview: ImportPreview;
}

export interface RowError {
  row: number;
  column?: string;
  field?: string;
  /** code says what is wrong (Go's model.Code); the UI translates it. */
  code?: string;
  params?: Record<string, string>;
  /** message is Go's English, for the command line. */
  message: string;
}

export interface Duplicate {
  row: number;
  match: string;
  value: string;
  existing: string;
  existingName: string;
  sameFileRow?: number;
  action: string;
}

export interface ImportReport {
  id?: string;
  file: string;
  format: string;
  encoding?: string;
  delimiter?: string;
  dryRun?: boolean;
  sheet?: string;
  headerRow?: number;
  warnings?: RowError[];
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  unchanged: number;
  failed: number;
  applied?: number;
  /** errors and duplicates are left out of the JSON when there are none. */
  errors?: RowError[];
  duplicates?: Duplicate[];
}

/** CheckedReport is a report with its lists always present. */
export type CheckedReport = ImportReport & { errors: RowError[]; duplicates: Duplicate[] };

/** checked fills in the lists Go leaves out when empty. */
export function checked(r: ImportReport): CheckedReport {
  return { ...r, errors: r.errors ?? [], duplicates: r.duplicates ?? [] };
}

export interface ImportLog {
  id: string;
  file: string;
  digest: string;
  started: string;
  finished?: string;
  created: number;
  updated: number;
  undone?: string;
}

export interface UndoReport {
  id: string;
  deleted: number;
  restored: number;
  kept?: string[];
}

export interface Download {
  name: string;
  mimeType: string;
  content: string;
  size: number;
  count: number;
}

export interface BackupDownload extends Download {
  manifest: BackupManifest;
}

/** BackupManifest describes a backup file (Go's app.BackupManifest). */
export interface BackupManifest {
  node: string;
  office?: string;
  created: string;
  records?: Record<string, number>;
}

/** BackupRestored is what a restore from backup did (Go's app.BackupRestored). */
export interface BackupRestored {
  manifest: BackupManifest;
  /** kept is the file in the data folder with the data as it was before ('' when it was damaged). */
  kept: string;
  damaged: boolean;
  reerased: number;
  leftNetwork: boolean;
  warnings?: string[];
}

export interface ExpiringConsent {
  consent: Consent;
  subjectName: string;
  daysLeft: number;
}

export interface ProgressEvent {
  task: string;
  done: number;
  total: number;
}

/** exportRequest is the search to export: null for the whole directory. */
export function exportRequest(scope: 'all' | 'search', query: string, filters: SearchRequest['filters']): SearchRequest | null {
  if (scope === 'all') return null;
  return { query, filters: filters ?? {} };
}

/** dataUrlToBase64 strips the "data:…;base64," prefix FileReader.readAsDataURL adds. */
export function dataUrlToBase64(url: string): string {
  const i = url.indexOf(';base64,');
  return url.startsWith('data:') && i >= 0 ? url.slice(i + 8) : url;
}

/** readBase64 reads a file as base64 (natively, fast even for tens of MB). */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(dataUrlToBase64(String(r.result ?? '')));
    r.onerror = () => reject(r.error ?? new Error('the file could not be read'));
    r.readAsDataURL(file);
  });
}

/** base64ToBytes decodes base64 (as sent by Go) to bytes. */
export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** save offers a download to the person: the browser's (or the window's) download. */
export function save(d: Pick<Download, 'name' | 'mimeType' | 'content'>): void {
  saveBlob(new Blob([base64ToBytes(d.content)], { type: d.mimeType }), d.name);
}

/** saveJSON offers a value as a pretty-printed JSON file. */
export function saveJSON(value: unknown, name: string): void {
  saveBlob(new Blob([JSON.stringify(value, null, 2) + '\n'], { type: 'application/json' }), name);
}

/** saveBlob offers blob as a download named name. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** slug turns a name into a part of a file name (letters of any alphabet kept). */
export function slug(s: string, fallback = 'actor'): string {
  const out = s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return out || fallback;
}

/** subjectFileName is the name of a personal-data export. */
export function subjectFileName(name: string, now = new Date()): string {
  return `personal-data-${slug(name)}-${now.toISOString().slice(0, 10)}.json`;
}

/**
 * ProgressMeter turns progress events into a fraction, a rate (rows per
 * second) and the time left, from the first event of a run.
 */
export class ProgressMeter {
  private start = 0;
  private startDone = 0;
  done = 0;
  total = 0;
  rate = 0;
  /** left is the estimated seconds to go; null while unknown. */
  left: number | null = null;

  update(done: number, total: number, now: number): void {
    if (this.start === 0 || done < this.done) {
      this.start = now;
      this.startDone = done;
      this.rate = 0;
      this.left = null;
    }
    this.done = done;
    this.total = total;
    const secs = (now - this.start) / 1000;
    if (secs > 0 && done > this.startDone) {
      this.rate = (done - this.startDone) / secs;
      this.left = this.rate > 0 ? Math.max(0, (total - done) / this.rate) : null;
    }
    if (done >= total) this.left = 0;
  }

  get fraction(): number {
    return this.total > 0 ? Math.min(1, this.done / this.total) : 0;
  }
}

/** duration writes seconds as "1 h 02 min", "3 min 05 s" or "12 s". */
export function duration(secs: number): string {
  const s = Math.max(0, Math.round(secs));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** fileSize writes a byte count in KB/MB for people. */
export function fileSize(bytes: number, lang: Lang = 'en'): string {
  const nf = (n: number, d: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: d }).format(n);
  if (bytes < 1024) return `${nf(bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${nf(bytes / 1024, 0)} KB`;
  return `${nf(bytes / 1024 / 1024, 1)} MB`;
}

/**
 * snippetLabel names the field a search snippet comes from in words: the
 * index's `desc_pl` is "Description (Polish)", its `text` (every
 * description, tag, offer and need) "Description"; never a raw key.
 */
export function snippetLabel(field: string, t: Messages): string {
  if (field.startsWith('desc_')) return targetLabel('description.' + field.slice(5), t);
  if (field === 'text' || field.endsWith('_ng')) return t.field.description;
  return targetLabel(field, t);
}

/** targetLabel is the translated name of a field a column can fill. */
export function targetLabel(target: string, t: Messages): string {
  if (!target) return t.transfer.ignore;
  const [field, lang] = target.split('.');
  if (field === 'description' && lang) {
    const langName = (t.lang as Record<string, string>)[lang] ?? lang;
    return fmt(t.transfer.descriptionIn, { lang: langName });
  }
  const f = t.field as Record<string, string>;
  const extra = t.transfer.fields as Record<string, string>;
  return f[field] ?? extra[field] ?? target;
}

/** delimiterLabel names a detected delimiter. */
export function delimiterLabel(d: string | undefined, t: Messages): string {
  switch (d) {
    case ',':
      return t.transfer.comma;
    case ';':
      return t.transfer.semicolon;
    case '\t':
      return t.transfer.tab;
    default:
      return d ?? '';
  }
}

/** mappingChange is the SetMapping argument for one column: "-" leaves it out. */
export function mappingChange(header: string, field: string): Record<string, string> {
  return { [header]: field || '-' };
}

/** hasNameColumn says whether some column fills the name (the import needs one). */
export function hasNameColumn(p: ImportPreview | null): boolean {
  return !p || p.format === 'json' || (p.columns ?? []).some((c) => c.field === 'name');
}

/** rowsWithErrors maps a row number to its errors, for marking preview rows. */
export function rowsWithErrors(errors: RowError[] | undefined): Map<number, RowError[]> {
  const m = new Map<number, RowError[]>();
  for (const e of errors ?? []) m.set(e.row, [...(m.get(e.row) ?? []), e]);
  return m;
}

/** tooLarge says whether a file is over the wizard's limit. */
export function tooLarge(size: number): boolean {
  return size > MAX_IMPORT_SIZE;
}
