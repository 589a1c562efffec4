// Types of the Go façade (sbcc/app API). Field names follow the Go JSON tags.

export type Text = Partial<Record<Lang, string>>;
export type Lang = 'en' | 'lt' | 'pl' | 'de' | 'sv';
export const LANGS: Lang[] = ['en', 'lt', 'pl', 'de', 'sv'];

export interface Meta {
  created?: string;
  updated?: string;
  office?: string;
  deleted?: boolean;
  erased?: boolean;
  conflicts?: number;
}

export interface Actor {
  id: string;
  kind: string;
  name: string;
  description?: Text;
  sectors?: string[];
  nace?: string[];
  tags?: string[];
  languages?: string[];
  locality?: string;
  country?: string;
  address?: string;
  lat?: number | null;
  lon?: number | null;
  email?: string;
  phone?: string;
  website?: string;
  social?: string[];
  offers?: string[];
  needs?: string[];
  visibility?: string;
  meta?: Meta;
}

export interface Consent {
  id: string;
  subject: string;
  purpose: string;
  basis: string;
  given: string;
  expires?: string;
  meta?: Meta;
}

export interface HistoryEntry {
  time: string;
  office: string;
  node: string;
  op: string;
  fields?: Record<string, unknown>;
  /** before holds each set field's earlier value (null: none). */
  before?: Record<string, unknown>;
  redacted?: boolean;
}

export interface ConflictValue {
  value: unknown;
  office: string;
  node: string;
  time: string;
}

export interface Conflict {
  kind: string;
  id: string;
  name: string;
  field: string;
  type: string;
  winner: ConflictValue;
  losers: ConflictValue[];
}

export interface ActorView {
  actor: Actor;
  history: HistoryEntry[];
  consents: Consent[];
  conflicts: Conflict[];
}

export type FacetName = 'sector' | 'country' | 'locality' | 'kind' | 'language' | 'offers' | 'needs';

export interface SearchRequest {
  query: string;
  filters?: Partial<Record<FacetName, string[]>>;
  limit?: number;
  offset?: number;
  deleted?: boolean;
}

export interface Hit {
  id: string;
  kind: string;
  name: string;
  score: number;
  locality?: string;
  country?: string;
  sectors?: string[];
  deleted?: boolean;
  highlights?: Record<string, string[]>;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResult {
  hits: Hit[];
  total: number;
  facets: Partial<Record<FacetName, FacetValue[]>>;
  tookMs: number;
  engine: string;
}

export interface Choice {
  code: string;
  label: Text;
}

export interface Locality {
  id: string;
  name: Text;
  country: string;
  lat: number;
  lon: number;
  office?: string;
  partner?: boolean;
}

export interface Metadata {
  languages: Lang[];
  sectors: Choice[];
  countries: Choice[];
  actorKinds: Choice[];
  legalBases: Choice[];
  localities: Locality[];
  facets: FacetName[];
}

/** Place is a town of the gazetteer, with its other names (Stettin, Memel). */
export interface Place {
  id: string;
  name: Text;
  country: string;
  lat: number;
  lon: number;
  other?: string[];
}

export interface Status {
  node: string;
  office: string;
  dataDir: string;
  /** program is the path of the running sbcc, for commands shown to run in a terminal. */
  program: string;
  version: string;
  counts: Record<string, number>;
  conflicts: number;
  empty: boolean;
  network: boolean;
  /** indexing is the progress of a long search indexing under way. */
  indexing?: { task: string; done: number; total: number };
}

export interface Settings {
  office: string;
  language: string;
  dataDir: string;
}

export interface Peer {
  node: string;
  office: string;
  online: boolean;
  /** A session of our own with the peer. */
  connected: boolean;
  /** The node through which the peer is reached, when not connected (a hub). */
  via?: string;
  lastContact?: string;
  behind: number;
  ahead: number;
  conflicts: number;
  progress: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface NetworkInfo {
  name: string;
  members: number;
  invite?: string;
}

export interface Problem {
  field: string;
  /** code says what is wrong (Go's model.Code); the UI translates it. */
  code?: string;
  /** params fill the placeholders of the code's sentence. */
  params?: Record<string, string>;
  message: string;
  /** english is the message as Go sent it (message is translated). */
  english?: string;
}

/** Similar is an actor already in the directory that a new one matches (Go's app.Similar). */
export interface Similar {
  id: string;
  name: string;
  match: 'email' | 'phone' | 'website' | 'name';
  value: string;
}

/** DeletedRecord is a deleted record that can be restored (Go's app.DeletedRecord). */
export interface DeletedRecord {
  id: string;
  kind: 'actor' | 'event' | 'post' | 'link';
  name: string;
  updated: string;
  office?: string;
}

/** NetworkState says which network actions apply (Go's app.NetworkState). */
export interface NetworkState {
  member: boolean;
  admin: boolean;
  name?: string;
  members?: number;
  /** demo counts the demo records, which keep the office out of a network. */
  demo: number;
}
