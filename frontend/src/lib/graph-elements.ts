// Turns the Go graph into cytoscape elements: node size grows with degree
// (square root, so hubs do not swallow the picture), colour by country,
// cross-border links marked.
import type { GraphView } from './api-network';

export const COUNTRY_COLOURS: Record<string, string> = { LT: '#c8a200', PL: '#d6336c', DE: '#495057', SE: '#1c7ed6' };

export function nodeSize(degree: number, maxDegree: number): number {
  if (maxDegree <= 0) return 14;
  return Math.round(14 + 34 * Math.sqrt(degree / maxDegree));
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
    data: { id: n.id, label: n.name, size: nodeSize(n.degree, max), colour: COUNTRY_COLOURS[n.country] ?? '#868e96', degree: n.degree },
  }));
  for (const e of g.edges) {
    out.push({ group: 'edges', data: { id: e.id, source: e.from, target: e.to, type: e.type }, classes: e.crossBorder ? 'cross' : '' });
  }
  return out;
}
