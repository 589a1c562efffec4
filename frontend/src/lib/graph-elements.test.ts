import { describe, expect, it } from 'vitest';
import { nodeSize, toElements } from './graph-elements';

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
});
