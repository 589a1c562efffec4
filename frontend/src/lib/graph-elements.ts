// Turns the Go graph into cytoscape elements: node size grows with degree
// (square root, so hubs do not swallow the picture), colour by country,
// cross-border links marked, actors without links and partners outside the
// filter marked; and places the actors without links apart from the network.
import type { GraphView } from './api-network';

export const COUNTRY_COLOURS: Record<string, string> = { LT: '#c8a200', PL: '#d6336c', DE: '#495057', SE: '#1c7ed6' };

export function nodeSize(degree: number, maxDegree: number): number {
  if (maxDegree <= 0) return 14;
  return Math.round(14 + 34 * Math.sqrt(degree / maxDegree));
}

/**
 * labelSize is the font size of a node's label: hubs' names are larger, so
 * they show first when zooming in (labels below 12 px on screen are hidden).
 */
export function labelSize(degree: number, maxDegree: number): number {
  if (maxDegree <= 0) return 10;
  return Math.round(10 + 10 * Math.sqrt(degree / maxDegree));
}

/**
 * isolatedGrid places n actors without links in rows under the network's box
 * (x1, y2, width w), gap apart: a block of their own, not one knot.
 */
export function isolatedGrid(n: number, box: { x1: number; y2: number; w: number }, gap = 44): { x: number; y: number }[] {
  const cols = Math.max(1, Math.floor(Math.max(box.w, Math.sqrt(n) * gap) / gap));
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i++) out.push({ x: box.x1 + (i % cols) * gap, y: box.y2 + 2 * gap + Math.floor(i / cols) * gap });
  return out;
}

export interface Element {
  group: 'nodes' | 'edges';
  data: Record<string, string | number | boolean>;
  classes?: string;
}

export function toElements(g: GraphView): Element[] {
  const max = g.nodes.reduce((m, n) => Math.max(m, n.degree), 0);
  const out: Element[] = g.nodes.map((n) => ({
    group: 'nodes',
    data: { id: n.id, label: n.name, size: nodeSize(n.degree, max), font: labelSize(n.degree, max), colour: COUNTRY_COLOURS[n.country] ?? '#868e96', degree: n.degree },
    classes: [n.degree === 0 ? 'isolated' : '', n.outside ? 'outside' : ''].filter(Boolean).join(' '),
  }));
  for (const e of g.edges) {
    out.push({ group: 'edges', data: { id: e.id, source: e.from, target: e.to, type: e.type }, classes: e.crossBorder ? 'cross' : '' });
  }
  return out;
}
