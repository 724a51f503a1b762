'use strict';
// Shared helpers for the HTML report tests (report.html, report.html-network)
// and the HTML benchmark (test/bench/html_run): launch Debian's Chromium
// through playwright-core (no browser download), open a report from file://,
// wait for the page's ready signal, read the matrix as rendered, parse the
// CSVs of the same run, and derive the rows a filter must show from them.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

// Without the background-networking flags Chromium tries to reach Google.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function chromiumPath() {
  if (process.env.RC_CHROMIUM) return process.env.RC_CHROMIUM;
  for (const dir of (process.env.PATH || '').split(':')) {
    const p = path.join(dir || '.', 'chromium');
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch (_) { /* next */ }
  }
  return '/usr/bin/chromium';
}

function launch() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true,
    args: CHROMIUM_ARGS });
}

function fileUrl(p) {
  return pathToFileURL(path.resolve(p)).href;
}

// ---- a tiny harness: named checks, a summary, the browser always closed ----

function harness(title) {
  const h = { title, passed: 0, failed: [], notes: [] };
  h.ok = (name, cond, detail) => {
    if (cond) {
      h.passed++;
      console.log(`ok   ${name}`);
    } else {
      h.failed.push(name);
      console.log(`FAIL ${name}${detail === undefined ? '' : ': ' + detail}`);
    }
    return !!cond;
  };
  // equal sets (arrays compared as sorted unique lists)
  h.sameSet = (name, got, want) => {
    const g = [...new Set(got)].sort(), w = [...new Set(want)].sort();
    const missing = w.filter(x => !g.includes(x));
    const extra = g.filter(x => !w.includes(x));
    return h.ok(name, missing.length === 0 && extra.length === 0 && got.length === g.length,
      `missing [${missing.join(', ')}], extra [${extra.join(', ')}]` +
      (got.length !== g.length ? `, ${got.length - g.length} duplicate(s)` : '') +
      ` (got ${g.length}, want ${w.length})`);
  };
  h.eq = (name, got, want) => h.ok(name, got === want,
    `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  h.note = (msg) => { h.notes.push(msg); console.log(`note ${msg}`); };
  return h;
}

// Runs main(h, browser) with a launched browser; closes it whatever happens,
// prints the summary and exits 1 on any failure. A watchdog ends the run
// (browser closed) before ctest's own timeout would kill it.
async function runTests(title, main, { watchdogMs = 110000 } = {}) {
  const h = harness(title);
  let browser = null;
  let code = 0;
  const watchdog = setTimeout(async () => {
    console.log(`FAIL ${title}: watchdog: still running after ${watchdogMs / 1000} s`);
    try { if (browser) await browser.close(); } catch (_) { /* closing anyway */ }
    process.exit(1);
  }, watchdogMs);
  try {
    browser = await launch();
    await main(h, browser);
  } catch (e) {
    h.failed.push('exception');
    console.log(`FAIL ${title}: ${e && e.stack ? e.stack : e}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    clearTimeout(watchdog);
  }
  console.log(`${title}: ${h.passed} passed, ${h.failed.length} failed` +
    (h.failed.length ? ` (${h.failed.join('; ')})` : ''));
  code = h.failed.length ? 1 : 0;
  process.exit(code);
}

// ---- running rolecheck ----

// run(bin, args) -> {status, stdout, stderr}; throws with stderr when the
// exit code is not one of okCodes.
function run(bin, args, { okCodes = [0], cwd } = {}) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd, maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`${bin}: ${r.error.message}`);
  if (!okCodes.includes(r.status)) {
    throw new Error(`${path.basename(bin)} ${args.join(' ')}: exit ${r.status}` +
      (r.signal ? ` (signal ${r.signal})` : '') + `\n${r.stderr}`);
  }
  return r;
}

// ---- CSV (RFC 4180, UTF-8 with or without BOM) ----

function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\n' || c === '\r') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  if (!rows.length) return [];
  const head = rows[0];
  return rows.slice(1).filter(r => r.length > 1 || r[0] !== '').map(r => {
    if (r.length !== head.length) throw new Error(`CSV row has ${r.length} fields, header ${head.length}: ${r.join(',')}`);
    const o = {};
    head.forEach((k, j) => { o[k] = r[j]; });
    return o;
  });
}

function readCsv(file) {
  return parseCsv(fs.readFileSync(file, 'utf8'));
}

// ---- what the CSVs say the matrix holds ----

const VERBS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
const DEPTHS = ['None', 'Basic', 'Local', 'Deep', 'Global'];
const depthIndex = d => (d === '' ? 0 : DEPTHS.indexOf(d));

// The role matrix CSV (solution,role_id,role_name,table,Create..Share,
// privilege_depth,origin,product,display_name) and the findings CSV (its table and
// privilege columns) as a model to filter. A row is a table
// (privilege_depth empty) or a miscellaneous privilege (privilege_depth
// set, no verb column); the "custom" filter keeps the tables whose origin
// Microsoft's limits count as custom: custom, isv and accelerator
// (rc_table_counts_as_custom, analyzer/model/origin.c).
function matrixModel(matrixRows, findingRows) {
  const roles = new Map(); // role id -> name
  const rows = new Map(); // row name -> {name, display, kind, custom, roles: Map id -> entry}
  for (const m of matrixRows) {
    if (!roles.has(m.role_id)) roles.set(m.role_id, m.role_name);
    const misc = m.privilege_depth !== '';
    const name = misc ? m.table : m.table.toLowerCase();
    if (!rows.has(name)) {
      rows.set(name, { name, display: m.display_name || '', kind: misc ? 'misc' : 'table',
        custom: !misc && ['custom', 'isv', 'accelerator'].includes(m.origin),
        roles: new Map() });
    }
    rows.get(name).roles.set(m.role_id, m);
  }
  const findings = findingRows.filter(f => f.role_kind !== 'webrole').map(f => ({
    rule: f.rule, roleId: f.role_id,
    row: f.table ? f.table.toLowerCase() : (rows.has(f.privilege) ? f.privilege : null),
  }));
  return { roles, rows, findings };
}

// The page's text filters: a case-insensitive regular expression, or plain
// text when the pattern does not compile.
function textMatcher(pattern) {
  if (!pattern) return () => true;
  let re = null;
  try { re = new RegExp(pattern, 'i'); } catch (_) { re = null; }
  const low = pattern.toLowerCase();
  return s => (re ? re.test(s) : s.toLowerCase().includes(low));
}

// {roles: [ids shown], rows: [names shown]} for filters {role, table,
// custom, cud, findings}. A row shows when a shown role holds something on
// it; the table filter is tested against the row's name and its display
// name (the page also tries the SchemaName, the name in another case).
function expectMatrix(model, f = {}) {
  const roleOk = textMatcher(f.role);
  const tableOk = textMatcher(f.table);
  const shown = [...model.roles].filter(([, name]) => roleOk(name)).map(([id]) => id);
  const names = [];
  for (const r of model.rows.values()) {
    const held = shown.filter(id => r.roles.has(id));
    if (!held.length) continue;
    if (!tableOk(r.name) && !(r.display && tableOk(r.display))) continue;
    if (f.custom && !r.custom) continue;
    if (f.cud && !held.some(id => ['Create', 'Write', 'Delete'].some(v => depthIndex(r.roles.get(id)[v]) > 0))) continue;
    if (f.findings && !model.findings.some(x => x.row === r.name && shown.includes(x.roleId))) continue;
    names.push(r.name);
  }
  return { roles: shown, rows: names };
}

// ---- the page ----

// Collects page errors and console errors so a page that never gets ready
// can say why.
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', e => errors.push(`pageerror: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}

// Opens a report and waits for body[data-ready="1"]; returns
// {url, readyMs (window.rcReadyMs), errors}.
async function openReport(page, file, { timeout = 30000 } = {}) {
  const errors = page.__rcErrors || (page.__rcErrors = watchErrors(page));
  const url = fileUrl(file);
  await page.goto(url, { waitUntil: 'load', timeout });
  try {
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout });
  } catch (e) {
    throw new Error(`${file}: body[data-ready="1"] not seen within ${timeout} ms` +
      (errors.length ? `; ${errors.join('; ')}` : '; no script error reported'));
  }
  const readyMs = await page.evaluate(() => window.rcReadyMs);
  return { url, readyMs, errors };
}

// The matrix as rendered: status attributes, shown roles, rendered rows.
async function readMatrix(page) {
  return page.evaluate(() => {
    const st = document.querySelector('#matrix-status');
    const shown = el => !!(el.getClientRects().length) &&
      getComputedStyle(el).visibility !== 'hidden';
    const roles = [...document.querySelectorAll('#matrix-grid thead th.role')]
      .filter(shown).map(th => ({ id: th.getAttribute('data-role-id'), name: th.textContent.trim() }));
    const rows = [...document.querySelectorAll('#matrix-grid tbody tr[data-name]')]
      .filter(shown).map(tr => ({ name: tr.getAttribute('data-name'), kind: tr.getAttribute('data-kind') }));
    return {
      status: st ? { rows: st.getAttribute('data-rows'), roles: st.getAttribute('data-roles'), text: st.textContent.trim() } : null,
      roles, rows,
    };
  });
}

// Waits (on the page's own state, checked every animation frame; no timer) until #matrix-status says
// `rows` and `roles` and the rendered rows are exactly `names` (when
// given); returns the matrix as read at the end, with timedOut set when the
// state never came.
async function waitMatrix(page, want, { timeout = 5000 } = {}) {
  const arg = { rows: String(want.rows), roles: String(want.roles),
    names: want.names ? [...want.names].sort() : null };
  let timedOut = false;
  try {
    await page.waitForFunction(w => {
      const st = document.querySelector('#matrix-status');
      if (!st || st.getAttribute('data-rows') !== w.rows || st.getAttribute('data-roles') !== w.roles) return false;
      if (!w.names) return true;
      const got = [...document.querySelectorAll('#matrix-grid tbody tr[data-name]')]
        .filter(el => el.getClientRects().length).map(el => el.getAttribute('data-name')).sort();
      return got.length === w.names.length && got.every((n, i) => n === w.names[i]);
    }, arg, { timeout, polling: 'raf' });
  } catch (e) {
    if (!/Timeout/i.test(e && e.message)) throw e;
    timedOut = true;
  }
  const m = await readMatrix(page);
  m.timedOut = timedOut;
  return m;
}

// Sets a text filter through the page: page.fill, or (keyboard) select the
// field's text and type.
async function setText(page, selector, value, { keyboard = false } = {}) {
  if (!keyboard) return page.fill(selector, value);
  await page.focus(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (value) await page.keyboard.type(value);
}

// The element that scrolls the grid: its nearest scrollable ancestor (or
// itself), else the document.
async function scrollGrid(page, to) {
  return page.evaluate(to => {
    let el = document.querySelector('#matrix-grid');
    while (el && el !== document.body && el !== document.documentElement) {
      const oy = getComputedStyle(el).overflowY;
      if ((oy === 'auto' || oy === 'scroll') && el.scrollHeight > el.clientHeight + 1) break;
      el = el.parentElement;
    }
    const doc = !el || el === document.body || el === document.documentElement;
    const sc = doc ? document.scrollingElement : el;
    const max = sc.scrollHeight - sc.clientHeight;
    sc.scrollTop = to === 'end' ? max : Math.min(max, to === 'page' ? sc.scrollTop + Math.max(1, sc.clientHeight * 0.6) : to);
    if (doc) window.scrollTo(0, sc.scrollTop);
    return { scroller: doc ? 'document' : (el.id ? '#' + el.id : el.tagName.toLowerCase()), top: sc.scrollTop, max };
  }, to);
}

// Two animation frames: what a scroll handler needs to render.
function frames(page) {
  return page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
}

// ---- PNG: size and whether it shows more than one flat colour ----

function pngInfo(file) {
  const buf = fs.readFileSync(file);
  const sig = '89504e470d0a1a0a';
  if (buf.length < 33 || buf.subarray(0, 8).toString('hex') !== sig) return { valid: false, bytes: buf.length };
  const width = buf.readUInt32BE(16), height = buf.readUInt32BE(20);
  const idat = [];
  for (let p = 8; p + 8 <= buf.length;) {
    const len = buf.readUInt32BE(p), type = buf.toString('latin1', p + 4, p + 8);
    if (type === 'IDAT') idat.push(buf.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  let distinct = 0;
  try {
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const seen = new Set();
    // RGB(A) triples sampled across the image (filter bytes make this
    // approximate; a flat page still gives a handful of values)
    const step = Math.max(3, Math.floor(raw.length / 200000) * 3);
    for (let i = 0; i + 2 < raw.length; i += step) seen.add((raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2]);
    distinct = seen.size;
  } catch (_) { distinct = 0; }
  return { valid: true, bytes: buf.length, width, height, distinct };
}

module.exports = {
  CHROMIUM_ARGS, VERBS, DEPTHS, depthIndex, launch, chromiumPath, fileUrl,
  harness, runTests, run, parseCsv, readCsv, matrixModel, textMatcher,
  expectMatrix, watchErrors, openReport, readMatrix, waitMatrix, setText,
  scrollGrid, frames, pngInfo,
};
