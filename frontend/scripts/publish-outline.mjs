// Writes app/publish/outline.json: the South Baltic outline the published
// catalogue's map draws (Natural Earth 1:50m countries from world-atlas,
// the same data and Mercator fit as the Map screen), with the projection's
// scale and translation so Go places localities on it. Run once when the
// map's size or region changes: node scripts/publish-outline.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';

const REGION = { west: 9.5, east: 23.5, south: 51.2, north: 58.2 };
const NETWORK = { 440: 'LT', 616: 'PL', 276: 'DE', 752: 'SE' };
const width = 800, height = 600, pad = 12;
const box = { type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: [[REGION.west, REGION.south], [REGION.east, REGION.south], [REGION.east, REGION.north], [REGION.west, REGION.north]] } };
const projection = geoMercator().fitExtent([[pad, pad], [width - pad, height - pad]], box);
const topo = JSON.parse(readFileSync(new URL('../node_modules/world-atlas/countries-50m.json', import.meta.url)));
const fc = feature(topo, topo.objects.countries);
const [tx, ty] = projection.translate();
const scale = projection.scale();
projection.clipExtent([[0, 0], [width, height]]);
const path = geoPath(projection).digits(0);
const countries = [];
for (const f of fc.features) {
  const d = path(f);
  if (!d) continue;
  countries.push({ code: NETWORK[f.id] ?? '', d });
}
writeFileSync(new URL('../../app/publish/outline.json', import.meta.url), JSON.stringify({ width, height, scale, tx, ty, countries }));
console.log(countries.length, 'countries');
