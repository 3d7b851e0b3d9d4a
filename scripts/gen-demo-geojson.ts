import { writeFileSync } from 'node:fs';
import { COMMUNITY, INVENTED_VILLAGES, NAMED_VILLAGES } from '../server/src/db/seed/zhangzhuang.ts';
import { rng } from '../server/src/db/seed/seed-kit.ts';
const names = [...NAMED_VILLAGES, ...INVENTED_VILLAGES, COMMUNITY];
const random = rng(55);
// A jittered 8 x 7 grid of quadrilaterals around a fictional centre (115.50E, 35.85N): illustrative only.
const cols = 8,
  w = 0.018,
  h = 0.014,
  x0 = 115.43,
  y0 = 35.8;
const jit = new Map<string, [number, number]>();
const pt = (c: number, r: number): [number, number] => {
  const k = `${c},${r}`;
  if (!jit.has(k)) {
    const edge = c === 0 || r === 0 || c === cols || r === 7;
    jit.set(k, [
      x0 + c * w + (edge ? 0 : (random() - 0.5) * w * 0.5),
      y0 + r * h + (edge ? 0 : (random() - 0.5) * h * 0.5),
    ]);
  }
  const [x, y] = jit.get(k)!;
  return [Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5];
};
const features = names.map((name, i) => {
  const c = i % cols,
    r = Math.floor(i / cols);
  return {
    type: 'Feature',
    properties: { name, illustrative: true },
    geometry: {
      type: 'Polygon',
      coordinates: [[pt(c, r), pt(c + 1, r), pt(c + 1, r + 1), pt(c, r + 1), pt(c, r)]],
    },
  };
});
writeFileSync(
  'web/public/geo/zhangzhuang-villages.geojson',
  JSON.stringify({
    type: 'FeatureCollection',
    name: '张庄镇村界（示意，非真实边界）/ Zhangzhuang villages (synthetic, illustrative)',
    features,
  }),
);
console.log(features.length);
