// Calls and types of the speed-dating desk and the catalogue button: the Go
// methods in app/api_forum.go.
import { call } from './api';
import type { Choice } from './types';
import type { NetEvent } from './api-network';

export interface Session {
  id: string;
  event: string;
  rounds: number;
  roundMinutes: number;
  tables: number;
  start?: string;
  breaks?: number[];
  breakMinutes?: number;
  virtual?: boolean;
  roomBase?: string;
}
export interface Wish { id?: string; session: string; from: string; to: string; avoid?: boolean; interpreter?: boolean }
export interface Meeting {
  id: string;
  session: string;
  a: string;
  b: string;
  round: number;
  table: number;
  priority?: string;
  interpreter?: boolean;
  status: string;
  outcome?: string;
  link?: string;
  note?: string;
}
export interface SessionParticipant { actor: string; name: string; country?: string; languages: string[]; participation: string; status: string }
export interface SessionView {
  session: Session;
  event: NetEvent;
  participants: SessionParticipant[];
  wishes: Wish[];
  meetings: Meeting[];
  links: Record<string, string>;
}
export interface Unplaced { a: string; b: string; priority: number; reason: string }
export interface PlanStats { meetings: number; mutual: number; mutualPossible: number; mutualPlaced: number; oneSided: number; oneSidedPlaced: number; maxIdle: number; unserved: number }
export interface PlanResult { view: SessionView; unplaced: Unplaced[]; stats: PlanStats }
export interface Pair { a: string; b: string }
export interface ForumLists { statuses: Choice[]; outcomes: Choice[] }
export interface PublishResult { dir: string; actors: number; files: number; bytes: number }

/** priorityName turns the planner's priority number into its name. */
export function priorityName(p: number | string | undefined): string {
  if (typeof p === 'string') return p;
  return p === 3 ? 'mutual' : p === 2 ? 'one-sided' : 'suggested';
}

/** roundTime is round r's start ("14:25"), or '' without a start time. */
export function roundTime(s: Session, r: number): string {
  const m = /^(\d\d):(\d\d)$/.exec(s.start ?? '');
  if (!m) return '';
  let mins = Number(m[1]) * 60 + Number(m[2]) + (r - 1) * s.roundMinutes;
  for (const b of s.breaks ?? []) if (b < r) mins += s.breakMinutes ?? 0;
  return `${String(Math.floor(mins / 60) % 24).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}

export const forumApi = {
  meta: () => call<ForumLists>('ForumMeta'),
  speedDating: (eventId: string) => call<SessionView>('SpeedDating', eventId),
  saveSession: (s: Session) => call<SessionView>('SaveSession', s),
  saveWish: (w: Wish) => call<SessionView>('SaveWish', w),
  deleteWish: (id: string) => call<SessionView>('DeleteWish', id),
  suggestions: (sessionId: string) => call<Pair[]>('SessionSuggestions', sessionId),
  plan: (sessionId: string, from: number) => call<PlanResult>('PlanSession', sessionId, from),
  recordMeeting: (id: string, status: string, outcome: string, note: string) => call<Meeting>('RecordMeeting', id, status, outcome, note),
  publish: () => call<PublishResult>('PublishCatalogue'),
};
