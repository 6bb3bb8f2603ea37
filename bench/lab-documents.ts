// Document rendering speed on one core: first document of each family (static layer built and face decoded) and
// warm documents. Run: node --import tsx bench/lab-documents.ts [rounds]
import { PROCEDURAL_FAMILIES } from '../lab/documents/family-ids.js';
import { renderDocument } from '../lab/documents/index.js';
import { listSpecimenFamilies } from '../lab/documents/specimen-files.js';
import { Rng } from '../lab/rng.js';
import { splitOfFamily } from '../lab/split.js';

const rounds = Number(process.argv[2] ?? 5);
const families = PROCEDURAL_FAMILIES.map((f) => f.id);
let t0 = performance.now();
for (const f of families) await renderDocument({ rng: new Rng(`cold:${f}`), split: splitOfFamily(f), family: f });
const cold = (performance.now() - t0) / families.length;
t0 = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const f of families) await renderDocument({ rng: new Rng(`warm:${r}:${f}`), split: splitOfFamily(f), family: f });
}
const warm = (performance.now() - t0) / (rounds * families.length);
const specimens = listSpecimenFamilies().map((s) => s.family);
t0 = performance.now();
for (const f of specimens) await renderDocument({ rng: new Rng(1), split: splitOfFamily(f), family: f });
const specimen = specimens.length ? (performance.now() - t0) / specimens.length : 0;
console.log(`procedural, first of a family (static layer + face decode): ${cold.toFixed(1)} ms/document`);
console.log(`procedural, warm: ${warm.toFixed(1)} ms/document over ${rounds * families.length} documents`);
console.log(`specimens, first load (decode + resample): ${specimen.toFixed(1)} ms/document over ${specimens.length}`);
