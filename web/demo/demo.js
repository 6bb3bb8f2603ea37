// doclive demo page: a hand-written ES module, no build step, no third-party code. It asks the server which
// pipelines it offers (GET api_version) and which calibrations exist (the OpenAPI document), posts the photo to
// check_liveness_file?explain=true, and draws the answer: verdicts, warnings in words, the document quad, the
// portrait box and each pipeline's score map over the photo. URLs are relative, so the page also works behind a
// path prefix.

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = 'doclive-demo-api-key';

const WARNING_WORDS = {
  RELATIVE_DOCUMENT_SIZE_LOWER_THAN_10_PERCENT: 'The document is small in the frame: move the camera closer.',
  DOCUMENT_BORDERS_OUTSIDE_OF_FRAME: 'Part of the document is outside the photo: keep all four corners in the frame.',
  MULTIPLE_DOCUMENTS_IN_FRAME: 'More than one document is in the photo: show one at a time.',
  DOCUMENT_TOO_CLOSE_TO_BORDER: 'The document touches the edge of the photo: leave a margin around it.',
  IMAGE_TOO_BLURRY: 'The photo is blurry: hold still and let the camera focus.',
  IMAGE_IS_TOO_COMPRESSED: 'The photo is heavily compressed: send the original file.',
  POOR_IMAGE_EXPOSURE: 'The photo is too dark or washed out: use even, brighter light.',
  GLARE_ON_IMAGE: 'There is glare on the document: tilt it away from the light.',
};

const STATUS_WORDS = {
  DOCUMENT_NOT_FOUND: 'No document was found in the photo.',
  DOCUMENT_CROPPED: 'The document is cut off by the edge of the photo.',
  DOCUMENT_IS_COLORLESS: 'The document has no colour (a grey copy or a black-and-white photo).',
  DOCUMENT_PHOTO_NOT_FOUND: 'No portrait was found on the document.',
};

const CHECK_NAMES = { ...WARNING_WORDS, DOCUMENT_IS_COLORLESS: 'Colour' };
const DOC_COLOUR = '#00e5ff';
const PORTRAIT_COLOUR = '#ffd400';

// overlay: the pipeline whose score map is drawn on the photo; undefined = not chosen yet (the first), '' = none.
const state = { file: null, pipelines: [], aliases: {}, calibrations: ['REGULAR', 'SOFT', 'HARD'], answer: null, overlay: undefined, maps: new Map() };

function apiKeyHeaders() {
  const key = $('api-key').value.trim();
  return key === '' ? {} : { 'X-API-Key': key };
}

/** The server's JSON error body as one clear sentence (it already says what was wrong and what is accepted). */
async function errorMessage(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy or network error page
  }
  if (body && typeof body.message === 'string') {
    return { title: `${res.status} ${body.error ?? ''}${body.error_code ? ` (${body.error_code})` : ''}`.trim(), text: body.message };
  }
  return { title: `${res.status} ${res.statusText}`, text: 'The server answered with an error and no explanation.' };
}

function showError(title, text) {
  const box = $('error');
  box.replaceChildren();
  const strong = document.createElement('strong');
  strong.textContent = title;
  const p = document.createElement('span');
  p.textContent = text;
  box.append(strong, p);
  box.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').replaceChildren();
}

// ---- pipelines and calibrations -------------------------------------------------------------------------------

async function loadCalibrations() {
  try {
    const res = await fetch('v3/api-docs');
    if (!res.ok) return;
    const doc = await res.json();
    const calibration = doc?.components?.schemas?.PipelineRequest?.properties?.calibration;
    const values = (calibration?.anyOf ?? calibration?.oneOf ?? [calibration]).flatMap((s) => s?.enum ?? []);
    if (values.length > 0) state.calibrations = values;
  } catch {
    // keep the contract's three calibrations
  }
}

/** The key the pipeline list was last loaded with (null: not loaded yet). */
let listedWithKey = null;

async function loadPipelines() {
  const key = $('api-key').value.trim();
  // Leaving the key field fires "change" again: reloading then would rebuild the list under the user's click.
  if (key === listedWithKey) return;
  listedWithKey = key;
  const note = $('pipelines-note');
  note.textContent = 'Loading the pipelines this server offers...';
  const rows = [];
  let res;
  try {
    res = await fetch('api_version', { headers: apiKeyHeaders() });
  } catch {
    note.textContent = 'The server cannot be reached.';
    listedWithKey = null;
    return;
  }
  if (res.status === 401) {
    $('key-box').open = true;
    const { text } = await errorMessage(res);
    note.textContent = `${text} Enter the key below; the list then reloads.`;
    state.pipelines = [];
    $('pipeline-list').replaceChildren();
    updateButton();
    return;
  }
  if (!res.ok) {
    const { title, text } = await errorMessage(res);
    note.textContent = `${title}: ${text}`;
    listedWithKey = null;
    return;
  }
  const info = await res.json();
  state.aliases = info.pipelineAliases ?? {};
  const aliasOf = Object.fromEntries(Object.entries(state.aliases).map(([alias, name]) => [name, alias]));
  state.pipelines = (info.availablePipelines ?? []).filter((name) => !(name in state.aliases));
  note.textContent = state.pipelines.length === 0 ? 'This server offers no pipeline yet (no trained detector in this build).' : `${info.product ?? 'doclive'} ${info.version ?? ''}`;
  for (const name of state.pipelines) {
    const row = document.createElement('div');
    row.className = 'pipeline-choice';
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.name = 'pipeline';
    box.value = name;
    box.addEventListener('change', updateButton);
    label.append(box, ` ${name}${aliasOf[name] ? ` (${aliasOf[name]})` : ''}`);
    const select = document.createElement('select');
    select.name = `calibration-${name}`;
    select.setAttribute('aria-label', `Calibration of ${name}`);
    for (const c of state.calibrations) select.add(new Option(c, c));
    row.append(label, select);
    rows.push(row);
  }
  // Replaced in one step, so the page does not jump while the list loads.
  $('pipeline-list').replaceChildren(...rows);
  updateButton();
}

function chosenPipelines() {
  return [...document.querySelectorAll('#pipeline-list .pipeline-choice')]
    .map((row) => ({ box: row.querySelector('input'), select: row.querySelector('select') }))
    .filter(({ box }) => box.checked)
    .map(({ box, select }) => ({ name: box.value, calibration: select.value }));
}

function updateButton() {
  $('check').disabled = state.file === null || chosenPipelines().length === 0;
}

// ---- choosing the photo ---------------------------------------------------------------------------------------

function choose(file) {
  if (!file) return;
  state.file = file;
  $('chosen').textContent = `${file.name || 'photo'} (${Math.round(file.size / 1024)} KB)`;
  clearError();
  updateButton();
}

function setUpDrop() {
  const drop = $('drop');
  for (const input of [$('file'), $('camera')]) input.addEventListener('change', () => choose(input.files?.[0]));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    choose(e.dataTransfer?.files?.[0]);
  });
}

// ---- checking -------------------------------------------------------------------------------------------------

async function check() {
  const chosen = chosenPipelines();
  if (state.file === null || chosen.length === 0) return;
  clearError();
  $('result').hidden = true;
  $('check').disabled = true;
  $('status').textContent = 'Checking...';
  const query = new URLSearchParams({ pipelines: chosen.map((p) => p.name).join(','), calibrations: chosen.map((p) => p.calibration).join(','), explain: 'true' });
  const ignore = [['ignore-cropped', 'DOCUMENT_CROPPED'], ['ignore-colorless', 'DOCUMENT_IS_COLORLESS']].filter(([id]) => $(id).checked).map(([, code]) => code);
  if (ignore.length > 0) query.set('errors_to_ignore', ignore.join(','));
  const form = new FormData();
  form.append('file', state.file, state.file.name || 'photo');
  try {
    const res = await fetch(`check_liveness_file?${query}`, { method: 'POST', headers: apiKeyHeaders(), body: form });
    if (!res.ok) {
      const { title, text } = await errorMessage(res);
      showError(`The check was refused: ${title}`, text);
      $('status').textContent = '';
      return;
    }
    const answer = await res.json();
    $('status').textContent = '';
    await show(answer);
  } catch (error) {
    showError('The server cannot be reached.', String(error?.message ?? error));
    $('status').textContent = '';
  } finally {
    updateButton();
  }
}

// ---- showing the answer ---------------------------------------------------------------------------------------

const pct = (p) => `${(100 * p).toFixed(1)} %`;
const num = (v) => (v === null || v === undefined ? '-' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : Number.isInteger(v) ? String(v) : Number(v).toPrecision(3));

async function show(answer) {
  state.answer = answer;
  const ex = answer.explanation ?? null;
  const results = answer.pipeline_results ?? [];
  const verdict = $('verdict');
  if (typeof answer.aggregate_liveness_probability === 'number') {
    const live = answer.aggregate_liveness_probability > 0.5;
    verdict.textContent = live
      ? `Live: every check passed (lowest probability ${pct(answer.aggregate_liveness_probability)})`
      : `Rejected: an attack is likely (lowest probability ${pct(answer.aggregate_liveness_probability)})`;
    verdict.className = live ? 'live' : 'attack';
  } else {
    const first = results.find((r) => r.result.status_code !== 'OK');
    verdict.textContent = `Not checked: ${STATUS_WORDS[first?.result.status_code] ?? first?.result.status_code ?? 'no result'}`;
    verdict.className = 'unchecked';
  }

  const container = $('pipeline-results');
  container.replaceChildren();
  state.maps = new Map();
  for (const [i, entry] of results.entries()) {
    const evidence = ex?.pipelines?.[i]?.evidence ?? null;
    container.append(pipelineCard(entry, evidence));
    if (evidence?.region_map) state.maps.set(entry.pipeline_name, evidence.region_map);
  }
  showWarnings(answer, ex);
  showQuality(ex);
  $('result').hidden = false;
  await drawPhoto(ex);
}

function pipelineCard(entry, evidence) {
  const card = document.createElement('article');
  card.className = 'pipeline-result';
  card.dataset.pipeline = entry.pipeline_name;
  card.dataset.status = entry.result.status_code;
  const title = document.createElement('h4');
  const name = document.createElement('span');
  name.textContent = `${entry.pipeline_name} (${entry.calibration})`;
  const outcome = document.createElement('span');
  title.append(name, outcome);
  card.append(title);
  const r = entry.result;
  if (r.status_code !== 'OK') {
    outcome.textContent = 'not checked';
    const p = document.createElement('p');
    p.textContent = STATUS_WORDS[r.status_code] ?? r.status_code;
    card.append(p);
    return card;
  }
  const live = r.liveness_probability > 0.5;
  outcome.textContent = `${live ? 'live' : 'attack suspected'}: ${pct(r.liveness_probability)}`;
  const bar = document.createElement('div');
  bar.className = `bar ${live ? 'live' : 'attack'}`;
  bar.setAttribute('role', 'meter');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '1');
  bar.setAttribute('aria-valuenow', String(r.liveness_probability));
  bar.setAttribute('aria-label', `Liveness probability of ${entry.pipeline_name}`);
  const fill = document.createElement('span');
  fill.style.width = pct(r.liveness_probability).replace(' ', '');
  bar.append(fill);
  const score = document.createElement('p');
  score.className = 'muted';
  score.textContent = `raw score ${num(r.liveness_score)}; live when the probability is above 50 %`;
  card.append(bar, score);
  if (evidence) card.append(evidenceDetails(evidence));
  return card;
}

function evidenceDetails(evidence) {
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = 'Why: the evidence';
  details.append(summary);
  if (evidence.region_map) {
    const img = document.createElement('img');
    img.className = 'region-map';
    img.alt = 'Score map of the document: red attack-like, green live-like';
    img.src = `data:image/png;base64,${evidence.region_map.png}`;
    const p = document.createElement('p');
    p.append(img, ' score per region of the document');
    details.append(p);
  }
  const table = document.createElement('table');
  table.className = 'features';
  for (const f of evidence.features.slice(0, 8)) {
    const row = table.insertRow();
    row.insertCell().textContent = f.name;
    const value = row.insertCell();
    value.className = 'num';
    value.textContent = num(f.value);
    const contribution = row.insertCell();
    contribution.className = 'num';
    contribution.textContent = f.contribution === null ? '' : `${f.contribution >= 0 ? '+' : ''}${num(f.contribution)}`;
  }
  details.append(table);
  return details;
}

function showWarnings(answer, ex) {
  const list = $('warnings');
  list.replaceChildren();
  const warnings = answer.aggregate_image_quality_warnings
    ?? [...new Set((answer.pipeline_results ?? []).flatMap((r) => r.result.image_quality_warnings ?? []))];
  const measured = new Map((ex?.quality ?? []).map((q) => [q.name, q]));
  for (const w of warnings) {
    const li = document.createElement('li');
    li.dataset.warning = w;
    li.textContent = WARNING_WORDS[w] ?? w;
    const q = measured.get(w);
    if (q) {
      const small = document.createElement('span');
      small.className = 'muted';
      small.textContent = ` (${Object.entries(q.measured).filter(([, v]) => v !== null).map(([k, v]) => `${k.replaceAll('_', ' ')} ${num(v)}`).join(', ')})`;
      li.append(small);
    }
    list.append(li);
  }
  if (warnings.length === 0) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = answer.aggregate_image_quality_warnings ? 'No quality problem found.' : 'No quality warning (not every check ran).';
    list.append(li);
  }
}

function showQuality(ex) {
  const body = $('quality-table').tBodies[0];
  body.replaceChildren();
  for (const q of ex?.quality ?? []) {
    const row = body.insertRow();
    row.className = q.raised ? 'raised' : '';
    row.insertCell().textContent = q.name.toLowerCase().replaceAll('_', ' ');
    row.insertCell().textContent = Object.entries(q.measured).map(([k, v]) => `${k.replaceAll('_', ' ')}: ${num(v)}`).join('; ');
    row.insertCell().textContent = Object.entries(q.thresholds).map(([k, v]) => `${k.replaceAll('_', ' ')}: ${num(v)}`).join('; ') || q.rule;
    row.insertCell().textContent = q.raised ? 'raised' : 'ok';
  }
}

// ---- drawing --------------------------------------------------------------------------------------------------

function loadImage(file) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the browser cannot display this image'));
    img.src = url;
  });
}

/** Colours of a region map's cells, read back from its PNG (the server's colour scale is the one shown). */
async function cellColours(map) {
  const img = new Image();
  img.src = `data:image/png;base64,${map.png}`;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.naturalWidth;
  c.height = img.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const data = g.getImageData(0, 0, c.width, c.height).data;
  const colours = [];
  for (let r = 0; r < map.rows; r++) {
    for (let col = 0; col < map.cols; col++) {
      const x = Math.floor(((col + 0.5) * c.width) / map.cols), y = Math.floor(((r + 0.5) * c.height) / map.rows);
      const o = (y * c.width + x) * 4;
      colours.push(`rgb(${data[o]}, ${data[o + 1]}, ${data[o + 2]})`);
    }
  }
  return colours;
}

const project = (h, x, y) => {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
};

function polygon(g, points, scale) {
  g.beginPath();
  points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x * scale, y * scale) : g.lineTo(x * scale, y * scale)));
  g.closePath();
}

function overlayChoice() {
  const span = $('overlay-choice');
  span.replaceChildren();
  if (state.maps.size === 0) return;
  if (state.overlay === undefined || (state.overlay !== '' && !state.maps.has(state.overlay))) state.overlay = state.maps.keys().next().value;
  const select = document.createElement('select');
  select.id = 'overlay';
  select.setAttribute('aria-label', 'Score map shown on the photo');
  select.add(new Option('no score map', ''));
  for (const name of state.maps.keys()) select.add(new Option(`score map: ${name}`, name));
  select.value = state.overlay;
  select.addEventListener('change', () => {
    state.overlay = select.value;
    void drawPhoto(state.answer?.explanation ?? null);
  });
  span.append(select);
}

async function drawPhoto(ex) {
  const canvas = $('view');
  const g = canvas.getContext('2d');
  const drawn = [];
  let img = null;
  try {
    img = await loadImage(state.file);
  } catch {
    img = null;
  }
  const width = ex?.image?.width ?? img?.naturalWidth ?? 640;
  const height = ex?.image?.height ?? img?.naturalHeight ?? 400;
  // At most 1600 px on the long side: plenty for a screen, light for a phone.
  const scale = Math.min(1, 1600 / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  if (img) g.drawImage(img, 0, 0, canvas.width, canvas.height);
  overlayChoice();
  const main = ex?.main_document ?? null;
  const map = state.overlay ? state.maps.get(state.overlay) : null;
  if (main && map) {
    const colours = await cellColours(map);
    const h = main.canonical_to_image;
    const cw = main.canonical_width / map.cols, ch = main.canonical_height / map.rows;
    g.save();
    g.globalAlpha = 0.45;
    for (let r = 0; r < map.rows; r++) {
      for (let c = 0; c < map.cols; c++) {
        polygon(g, [project(h, c * cw, r * ch), project(h, (c + 1) * cw, r * ch), project(h, (c + 1) * cw, (r + 1) * ch), project(h, c * cw, (r + 1) * ch)], scale);
        g.fillStyle = colours[r * map.cols + c];
        g.fill();
      }
    }
    g.restore();
    drawn.push(`regions:${state.overlay}`);
  }
  const line = Math.max(3, Math.round(Math.max(canvas.width, canvas.height) / 250));
  g.lineJoin = 'round';
  for (const [i, quad] of (ex?.documents?.quads ?? []).entries()) {
    g.lineWidth = line;
    g.strokeStyle = DOC_COLOUR;
    g.setLineDash(i === 0 ? [] : [line * 3, line * 2]);
    polygon(g, quad, scale);
    g.stroke();
    drawn.push(i === 0 ? 'document' : 'other-document');
  }
  g.setLineDash([]);
  if (ex?.portrait) {
    g.lineWidth = line;
    g.strokeStyle = PORTRAIT_COLOUR;
    polygon(g, ex.portrait.image_quad, scale);
    g.stroke();
    drawn.push('portrait');
  }
  // What is on the canvas, for assistive technology and tests.
  canvas.dataset.drawn = drawn.join(' ');
  canvas.dataset.scale = String(scale);
}

// ---- start ----------------------------------------------------------------------------------------------------

function start() {
  const keyInput = $('api-key');
  keyInput.value = sessionStorage.getItem(KEY_STORAGE) ?? '';
  const keyEntered = () => {
    sessionStorage.setItem(KEY_STORAGE, keyInput.value.trim());
    void loadPipelines();
  };
  keyInput.addEventListener('change', keyEntered);
  keyInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') keyEntered();
  });
  setUpDrop();
  $('check').addEventListener('click', () => void check());
  void loadCalibrations().then(loadPipelines);
}

start();
