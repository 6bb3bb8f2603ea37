// Texture build and level-0 sampling of a 2000 x 1333 table-sized 8-bit texture, CPU ms min/median of 7.
// Usage: node --import tsx bench/lab-texture-8bit.ts [path of an older lab/capture/texture.ts to compare]
const mods = { before: await import(process.argv[2] ?? '../lab/capture/texture.js'), after: await import('../lab/capture/texture.js') };
const W = 2000, H = 1333;
const data = new Uint8ClampedArray(W * H * 4);
let s = 12345; for (let i = 0; i < data.length; i++) { s = (s * 1103515245 + 12345) >>> 0; data[i] = i % 4 === 3 ? 255 : s >>> 24; }
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const res: Record<string, { build: number[]; sample: number[] }> = { before: { build: [], sample: [] }, after: { build: [], sample: [] } };
const out = new Float32Array(3);
let chk: Record<string, number> = {};
for (let rep = 0; rep < 7; rep++) for (const k of ['before', 'after'] as const) {
  const t0 = cpu();
  const tex = mods[k].MipTexture.fromRgba8({ width: W, height: H, data }, 4);
  const t1 = cpu();
  // one sample per 1080p pixel at ~1 texel per pixel (level 0) over the middle of the texture
  let acc = 0;
  for (let y = 0; y < 1080; y++) for (let x = 0; x < 1920; x++) { acc += tex.sample((x * 1.03 + 10) / 4, (y * 1.07 + 10) / 4, 0.6 / 4, 0.6 / 4, out) + out[0]!; }
  const t2 = cpu();
  chk[k] = acc;
  res[k]!.build.push(t1 - t0);
  res[k]!.sample.push(t2 - t1);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const k of ['before', 'after']) console.log(k, 'build ms min/med', Math.min(...res[k]!.build).toFixed(0), med(res[k]!.build).toFixed(0), 'sample 2 MP level 0 ms min/med', Math.min(...res[k]!.sample).toFixed(0), med(res[k]!.sample).toFixed(0), 'checksum', chk[k]);
