// Calls and types of sync by file (the Sync screen's "Save changes to a
// file" and "Load changes from a file"): the Go methods in
// app/api_syncfile.go, through the same transport as every other call.
import { call } from './api';
import type { Download } from './transfer';

/** An office a sync file can be written for. */
export interface SyncFileOffice {
  node: string;
  office: string;
  /** known: the office reported what it holds, so its file holds only what it lacks. */
  known: boolean;
}

export interface SyncFileDownload extends Download {
  /** known is false when nothing is known of what the office holds: the file holds everything. */
  known: boolean;
}

/** Why a change was not applied; code is one of SyncRefusalCode. */
export interface SyncRefusal {
  origin: string;
  seq: number;
  code: string;
  reason: string;
}

export type SyncRefusalCode = 'signature' | 'member' | 'revoked' | 'expired' | 'future' | 'invalid';
export type SyncFileProblem = 'not-sync-file' | 'truncated' | 'damaged' | 'too-large' | 'newer' | 'other-network' | 'no-network';

export interface SyncFileResult {
  /** problem: the whole file was refused and nothing applied. */
  problem?: SyncFileProblem;
  message?: string;
  office?: string;
  node?: string;
  created?: string;
  changes: number;
  added: number;
  already: number;
  refused: number;
  future: number;
  waiting: number;
  reasons: SyncRefusal[];
}

export const syncFileApi = {
  offices: () => call<SyncFileOffice[]>('SyncFileOffices'),
  save: (node: string) => call<SyncFileDownload>('SyncFileSave', node),
  load: (name: string, base64: string) => call<SyncFileResult>('SyncFileLoad', name, base64),
};
