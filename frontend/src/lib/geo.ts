// Map helpers: the offline outline of the South Baltic (Natural Earth
// countries from the world-atlas package, bundled — no tile server), a
// Mercator projection fitted to the region, and clustering of close points
// with supercluster at the zoom level the view is shown at.
import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import Supercluster from 'supercluster';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';

/** REGION is the box the map opens on: the southern Baltic Sea and its coasts. */
export const REGION = { west: 9.5, east: 23.5, south: 51.2, north: 58.2 };

/** Network countries by ISO 3166 numeric id (world-atlas feature ids). */
export const NETWORK_COUNTRIES: Record<string, string> = { '440': 'LT', '616': 'PL', '276': 'DE', '752': 'SE' };

export interface Projected {
  projection: GeoProjection;
  /** scale is the projection's scale in pixels per radian at zoom 1. */
  scale: number;
}

/** fitRegion returns a Mercator projection that shows REGION in a width × height box. */
export function fitRegion(width: number, height: number, pad = 12): Projected {
  // The corners as points: a polygon's winding would matter on the sphere.
  const box: Feature<Geometry> = {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'MultiPoint',
      coordinates: [[REGION.west, REGION.south], [REGION.east, REGION.south], [REGION.east, REGION.north], [REGION.west, REGION.north]],
    },
  };
  const projection = geoMercator().fitExtent([[pad, pad], [width - pad, height - pad]], box);
  return { projection, scale: projection.scale() };
}

/**
 * clusterZoom is the web-map zoom level (tiles of 512 px) whose world width
 * equals the projection's at view zoom k: supercluster's radius is then in
 * screen pixels.
 */
export function clusterZoom(scale: number, k: number): number {
  return Math.max(0, Math.min(20, Math.floor(Math.log2((2 * Math.PI * scale * k) / 512))));
}

export interface PointProps {
  id: string;
  name: string;
}

export type ClusterItem =
  | { cluster: true; id: number; lon: number; lat: number; count: number }
  | { cluster: false; id: string; lon: number; lat: number; name: string };

/** Clusters holds the points of a search, indexed for clustering. */
export class Clusters {
  private index: Supercluster<PointProps>;
  readonly size: number;
  constructor(points: { id: string; name: string; lat: number; lon: number }[], radius = 40) {
    this.index = new Supercluster<PointProps>({ radius, maxZoom: 16, extent: 512 });
    const feats: Feature<Point, PointProps>[] = points.map((p) => ({
      type: 'Feature',
      properties: { id: p.id, name: p.name },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    }));
    this.index.load(feats);
    this.size = points.length;
  }

  /** at returns the clusters and single points at zoom z inside the box [west, south, east, north]. */
  at(z: number, bbox: [number, number, number, number] = [-180, -85, 180, 85]): ClusterItem[] {
    return this.index.getClusters(bbox, z).map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties as PointProps & { cluster?: boolean; cluster_id?: number; point_count?: number };
      if (p.cluster) return { cluster: true, id: p.cluster_id!, lon, lat, count: p.point_count! };
      return { cluster: false, id: p.id, lon, lat, name: p.name };
    });
  }

  /** expansionZoom is the zoom at which a cluster splits. */
  expansionZoom(clusterId: number): number {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}

/** countOf sums what the items stand for: every point exactly once. */
export function countOf(items: ClusterItem[]): number {
  return items.reduce((n, it) => n + (it.cluster ? it.count : 1), 0);
}

export interface Outline {
  /** land paths of every country in the view (SVG path data at zoom 1). */
  countries: { id: string; code: string; d: string }[];
}

const outlines = new Map<string, Promise<Outline>>();

/**
 * loadOutline reads the bundled Natural Earth countries (1:50m) and draws them with projection;
 * drawn once per projection (opening the map again does not parse the atlas again).
 */
export function loadOutline(projection: GeoProjection): Promise<Outline> {
  const key = `${projection.scale()}|${projection.translate().join(',')}`;
  let o = outlines.get(key);
  if (!o) {
    o = drawOutline(projection);
    outlines.set(key, o);
    o.catch(() => outlines.delete(key));
  }
  return o;
}

async function drawOutline(projection: GeoProjection): Promise<Outline> {
  const [{ feature }, topo] = await Promise.all([import('topojson-client'), import('world-atlas/countries-50m.json')]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = (topo as any).default ?? topo;
  const fc = feature(t, t.objects.countries) as unknown as FeatureCollection<Geometry, { name: string }>;
  const path = geoPath(projection);
  const countries: Outline['countries'] = [];
  for (const f of fc.features) {
    // Keep Europe around the Baltic only: a box a little larger than REGION.
    const [[w, s], [e, n]] = geoBounds(f);
    if (e < REGION.west - 8 || w > REGION.east + 8 || n < REGION.south - 6 || s > REGION.north + 6) continue;
    const d = path(f);
    if (d) countries.push({ id: String(f.id ?? f.properties?.name), code: NETWORK_COUNTRIES[String(f.id)] ?? '', d });
  }
  return { countries };
}

function geoBounds(f: Feature<Geometry>): [[number, number], [number, number]] {
  let w = 180, s = 90, e = -180, n = -90;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  const g = f.geometry as Geometry & { coordinates?: unknown; geometries?: Geometry[] };
  if (g.coordinates) visit(g.coordinates);
  else g.geometries?.forEach((x) => visit((x as Geometry & { coordinates: unknown }).coordinates));
  return [[w, s], [e, n]];
}
