import { describe, expect, it } from 'vitest';
import { isolatedGrid, nodeSize, toElements } from './graph-elements';

describe('graph elements', () => {
  it('sizes nodes by degree', () => {
    expect(nodeSize(0, 0)).toBe(14);
    expect(nodeSize(0, 10)).toBe(14);
    expect(nodeSize(10, 10)).toBe(48);
    expect(nodeSize(5, 10)).toBeGreaterThan(nodeSize(2, 10));
  });
  it('marks cross-border links', () => {
    const els = toElements({
      nodes: [
        { id: 'a', name: 'A', country: 'SE', degree: 2, betweenness: 1 },
        { id: 'b', name: 'B', country: 'DE', degree: 1, betweenness: 0 },
        { id: 'c', name: 'C', country: 'SE', degree: 1, betweenness: 0 },
      ],
      edges: [
        { id: 'e1', from: 'a', to: 'b', type: 'collaborated', crossBorder: true },
        { id: 'e2', from: 'a', to: 'c', type: 'supplier', crossBorder: false },
      ],
      summary: { actors: 3, links: 2, crossBorderActors: 2, crossBorderShare: 0.5, betweennessSampled: false },
      total: 3,
      truncated: false,
    });
    expect(els.filter((e) => e.group === 'nodes')).toHaveLength(3);
    expect(els.find((e) => e.data.id === 'e1')?.classes).toBe('cross');
    expect(els.find((e) => e.data.id === 'e2')?.classes).toBe('');
    expect(els.find((e) => e.data.id === 'a')?.data.size).toBe(48);
  });
  it('marks actors without links and partners outside the filter', () => {
    const els = toElements({
      nodes: [
        { id: 'a', name: 'A', country: 'LT', degree: 1, betweenness: 0 },
        { id: 'b', name: 'B', country: 'PL', degree: 1, betweenness: 0, outside: true },
        { id: 'c', name: 'C', country: 'LT', degree: 0, betweenness: 0 },
      ],
      edges: [{ id: 'e1', from: 'a', to: 'b', type: 'collaborated', crossBorder: true }],
      summary: { actors: 2, links: 1, crossBorderActors: 1, crossBorderShare: 1, betweennessSampled: false },
      total: 3,
      truncated: false,
    });
    expect(els.find((e) => e.data.id === 'a')?.classes).toBe('');
    expect(els.find((e) => e.data.id === 'b')?.classes).toBe('outside');
    expect(els.find((e) => e.data.id === 'c')?.classes).toBe('isolated');
  });
  it('lays actors without links out apart, under the network', () => {
    const ps = isolatedGrid(100, { x1: 0, y2: 500, w: 440 }, 44);
    expect(ps).toHaveLength(100);
    expect(Math.min(...ps.map((p) => p.y))).toBeGreaterThan(500);
    const keys = new Set(ps.map((p) => `${p.x},${p.y}`));
    expect(keys.size).toBe(100);
    for (let i = 0; i < ps.length; i++)
      for (let j = i + 1; j < ps.length; j++) expect(Math.hypot(ps[i].x - ps[j].x, ps[i].y - ps[j].y)).toBeGreaterThanOrEqual(44);
  });
});
