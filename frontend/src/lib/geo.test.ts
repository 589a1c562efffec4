import { describe, expect, it } from 'vitest';
import { Clusters, clusterZoom, countOf, fitRegion, REGION } from './geo';

describe('map helpers', () => {
  it('fits the South Baltic into the box', () => {
    const { projection } = fitRegion(800, 600);
    const [x1, y1] = projection([REGION.west, REGION.north])!;
    const [x2, y2] = projection([REGION.east, REGION.south])!;
    expect(Math.min(x1, y1)).toBeGreaterThanOrEqual(11);
    expect(x2).toBeLessThanOrEqual(789);
    expect(y2).toBeLessThanOrEqual(589);
    // Rostock is west of and north of Szczecin… west, and Karlshamn north of both.
    const rostock = projection([12.0991, 54.0924])!;
    const szczecin = projection([14.5528, 53.4285])!;
    const karlshamn = projection([14.8619, 56.1706])!;
    expect(rostock[0]).toBeLessThan(szczecin[0]);
    expect(karlshamn[1]).toBeLessThan(rostock[1]);
  });

  it('zooms the clustering with the view', () => {
    const { scale } = fitRegion(800, 600);
    const z1 = clusterZoom(scale, 1);
    expect(clusterZoom(scale, 2)).toBe(z1 + 1);
    expect(clusterZoom(scale, 1024 * 1024)).toBe(20);
  });

  it('clusters close points and counts each point once', () => {
    const pts = [];
    for (let i = 0; i < 50; i++) pts.push({ id: 'r' + i, name: 'Rostock ' + i, lat: 54.09 + i * 0.0005, lon: 12.1 });
    for (let i = 0; i < 30; i++) pts.push({ id: 's' + i, name: 'Szczecin ' + i, lat: 53.43, lon: 14.55 + i * 0.0005 });
    pts.push({ id: 'k', name: 'Karlshamn', lat: 56.17, lon: 14.86 });
    const c = new Clusters(pts);
    const far = c.at(5);
    expect(far.length).toBe(3);
    expect(countOf(far)).toBe(81);
    const single = far.find((x) => !x.cluster);
    expect(single && !single.cluster && single.name).toBe('Karlshamn');
    const big = far.find((x) => x.cluster && x.count === 50);
    expect(big).toBeTruthy();
    if (big?.cluster) expect(c.expansionZoom(big.id)).toBeGreaterThan(5);
    expect(countOf(c.at(16))).toBe(81);
    expect(c.at(16).length).toBeGreaterThan(3);
  });
});
