// Calls and types of the network screens (graph, map, events and check-in,
// links, offers and needs, matchmaking, indicators): the Go methods in
// app/api_network.go, through the same transport as every other call.
import { call } from './api';
import type { Choice, SearchRequest } from './types';

export interface NetworkLists {
  linkTypes: Choice[];
  eventKinds: Choice[];
  statuses: Choice[];
  postTypes: Choice[];
}

export interface GraphRequest {
  sector?: string;
  country?: string;
  locality?: string;
  linkType?: string;
  year?: number;
  around?: string;
  depth?: number;
  limit?: number;
}
export interface GraphNode { id: string; name: string; country: string; degree: number; betweenness: number; sector?: string; locality?: string; outside?: boolean }
export interface GraphEdge { id: string; from: string; to: string; type: string; crossBorder: boolean }
export interface GraphSummary { actors: number; links: number; crossBorderActors: number; crossBorderShare: number; betweennessSampled: boolean }
export interface GraphView { nodes: GraphNode[]; edges: GraphEdge[]; summary: GraphSummary; total: number; truncated: boolean }

export interface MapPoint { id: string; name: string; lat: number; lon: number; country?: string; locality?: string; approx?: boolean }
export interface MapItem { lat: number; lon: number; count: number; id?: string; name?: string; west: number; south: number; east: number; north: number }
export interface MapView { items: MapItem[]; total: number; placed: number; unplaced: number }
export interface MapRequest extends SearchRequest { zoom: number; radius?: number; west: number; south: number; east: number; north: number }
export interface MapData { points: MapPoint[]; total: number; unplaced: number; truncated: boolean }

export interface ActorRef { id: string; name: string; country?: string }

export interface Link {
  id: string;
  from: string;
  to: string;
  type: string;
  years?: number[];
  note?: string;
  continuing?: boolean;
  meta?: { created?: string; updated?: string; office?: string };
}
export interface LinkView { link: Link; other: ActorRef; crossBorder: boolean }

export interface NetEvent {
  id: string;
  title: string;
  kind: string;
  description?: Partial<Record<string, string>>;
  public?: boolean;
  internal?: boolean;
  start: string;
  end?: string;
  locality?: string;
  organisers?: string[];
}
export interface EventRow { event: NetEvent; organisers: ActorRef[]; registered: number; attended: number; noShow: number; cancelled: number }
export interface Participation { id: string; event: string; actor?: string; person?: string; role?: string; status: string }
export interface Attendee { participation: Participation; name: string; country?: string }
export interface EventView extends EventRow { attendees: Attendee[] }

export interface Post {
  id: string;
  actor?: string;
  type: string;
  sector?: string;
  title: string;
  text?: string;
  validUntil?: string;
  interested?: string[];
  meta?: { created?: string };
}
export interface PostView { post: Post; author?: ActorRef; interested: ActorRef[] }
export interface PostFilter { type?: string; sector?: string; actor?: string; query?: string }
export interface PostPage { posts: PostView[]; total: number; offset: number }
export interface EventPage { rows: EventRow[]; total: number; offset: number }

export interface Reason { kind: 'offer-meets-need' | 'need-met-by-offer' | 'same-sector' | string; mine: string; theirs: string }
export interface Suggestion { id: string; name: string; country: string; score: number; reasons: Reason[] }

export interface Figure { code: string; label: string; value: number; records: string[] }
export interface RecordRef { id: string; kind: string; name: string; actor?: string; event?: string; country?: string; detail?: string }
export interface FigureCount { code: string; label: string; value: number; records: number }
export interface IndicatorSummary { period: { from: string; to: string }; figures: FigureCount[] }
export interface RecordPage { records: RecordRef[]; total: number; offset: number }
export interface ReportView { period: { from: string; to: string }; figures: Figure[]; records: Record<string, RecordRef> }

export interface Activity { links: LinkView[]; events: EventRow[]; posts: Post[] }

export const netApi = {
  lists: () => call<NetworkLists>('NetworkMeta'),
  graph: (req: GraphRequest) => call<GraphView>('Graph', req),
  mapPoints: (req: SearchRequest) => call<MapData>('MapPoints', req),
  mapClusters: (req: MapRequest) => call<MapView>('MapClusters', req),
  links: (actorId: string) => call<LinkView[]>('Links', actorId),
  saveLink: (l: Link) => call<Link>('SaveLink', l),
  deleteLink: (id: string) => call<null>('DeleteLink', id),
  activity: (actorId: string) => call<Activity>('Activity', actorId),
  matches: (actorId: string) => call<Suggestion[]>('Matches', actorId),
  matchToLink: (a: string, b: string, type: string) => call<Link>('MatchToLink', a, b, type),
  events: () => call<EventRow[]>('ListEvents'),
  findEvents: (query: string) => call<EventRow[]>('FindEvents', query),
  eventsPage: (query: string, offset: number, limit: number) => call<EventPage>('EventsPage', { query, offset, limit }),
  event: (id: string) => call<EventView>('Event', id),
  saveEvent: (e: NetEvent) => call<EventView>('SaveEvent', e),
  register: (eventId: string, actorId: string, person: string, role: string) => call<Participation>('Register', eventId, actorId, person, role),
  setAttendance: (participationId: string, status: string) => call<null>('SetAttendance', participationId, status),
  posts: (f: PostFilter) => call<PostView[]>('ListPosts', f),
  postsPage: (f: PostFilter, offset: number, limit: number) => call<PostPage>('PostsPage', { ...f, offset, limit }),
  savePost: (p: Post) => call<PostView>('SavePost', p),
  expressInterest: (postId: string, actorId: string) => call<PostView>('ExpressInterest', postId, actorId),
  indicators: (from: string, to: string) => call<ReportView>('Indicators', from, to),
  indicatorFigures: (from: string, to: string) => call<IndicatorSummary>('IndicatorFigures', from, to),
  indicatorRecords: (from: string, to: string, code: string, offset: number, limit: number) => call<RecordPage>('IndicatorRecords', from, to, code, offset, limit),
  indicatorsCSV: (from: string, to: string) => call<string>('IndicatorsCSV', from, to),
};

/** lists caches the closed lists (they never change while running). */
let listsPromise: Promise<NetworkLists> | null = null;
export function networkLists(): Promise<NetworkLists> {
  listsPromise ??= netApi.lists().catch((e) => {
    listsPromise = null;
    throw e;
  });
  return listsPromise;
}
