'use strict';
// report.print: the HTML report as a consultant hands it over, in headless
// Chromium, on a laptop screen and on paper (print emulation and a PDF of
// A4 landscape pages, read back with pdftotext).
//   - screen (1366x768): the summary is whole without scrolling;
//   - print: no element overlaps another, none is sticky or fixed, the
//     summary is the whole first page with the running header (inputs, rule
//     pack) and the date printed, and each role's matrix has its own page;
//   - the fix list and the costs are there and say what `rolecheck fix
//     --dry-run -f json` and `check --what-if -f json` of the same input say;
//   - screenshots of both (screen.png, print-1.png) are written to WORKDIR
//     (with --update also to docs/report/).
// Every expectation comes from rolecheck's JSON outputs, never the page.
//   node print.cjs ROLECHECK FIXTURES WORKDIR [--update DOCS_REPORT_DIR]
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const B = require('./browser.cjs');

const [bin, fixtures, work, flag, docsDir] = process.argv.slice(2);
if (!bin || !fixtures || !work || (flag && (flag !== '--update' || !docsDir))) {
  console.error('usage: print.cjs ROLECHECK FIXTURES WORKDIR [--update DOCS_REPORT_DIR]');
  process.exit(2);
}
const pdftotext = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
if (pdftotext.error) {
  console.log('missing: pdftotext (poppler-utils)');
  process.exit(process.env.RC_REPORT_TOOLS_REQUIRED === '1' ? 1 : 77);
}

// A4 landscape less the report's page margins (10 mm each side), in CSS px
const PRINT_WIDTH = Math.floor(((297 - 20) / 25.4) * 96);

// rolecheck runs beside the fixtures folder and names inputs relative to
// it, so the pages (and the screenshots in docs/) show "fixtures/...".
const cwd = path.dirname(path.resolve(fixtures));
function json(args) {
  return JSON.parse(B.run(bin, args, { okCodes: [0, 1], cwd }).stdout);
}

// The report, the fit with costs and what-if, and the fix plan of one input.
function prepare(name, input, assume) {
  const dir = path.resolve(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const html = path.resolve(dir, 'report.html');
  const common = ['--no-config', '-q', ...(assume ? ['--assume', assume] : [])];
  B.run(bin, ['check', ...common, '--fail-on', 'never', '-f', 'html', '-o', html, input], { cwd });
  const check = json(['check', ...common, '--fail-on', 'never', '--what-if', '-f', 'json', input]);
  const fix = assume ? json(['fix', '--no-config', '-q', '--to', assume, '--dry-run', '-f', 'json', input]) : null;
  return { dir, html, check, fix };
}

// Pages of a PDF as text (pdftotext's form feeds).
function pdfPages(pdf) {
  const r = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext ${pdf}: ${r.stderr}`);
  const pages = r.stdout.split('\f');
  if (pages.length && pages[pages.length - 1].trim() === '') pages.pop();
  return pages.map(p => p.replace(/[ \t]+/g, ' '));
}

const squash = s => s.replace(/\s+/g, ' ').trim();

// Pairs of visible elements (neither inside the other) whose boxes overlap,
// among the elements that draw text or a cell; and any sticky or fixed one.
function layoutFaults(page, width) {
  return page.evaluate((width) => {
    const boxes = [];
    const positioned = [];
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      const rects = el.getClientRects();
      if (!rects.length) continue;
      if (cs.position === 'sticky' || cs.position === 'fixed')
        positioned.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
      const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!text && !/^(TD|TH|IMG)$/.test(el.tagName)) continue;
      if (el.closest('.sr')) continue; // screen-reader text: 1px, clipped
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      if (r.right > width + 1 && wide.length < 5)
        wide.push(`${el.tagName.toLowerCase()} "${(el.textContent || '').trim().slice(0, 30)}" ends at ${Math.round(r.right)} px`);
      boxes.push({ el, x0: r.left, y0: r.top + scrollY, x1: r.right, y1: r.bottom + scrollY });
    }
    boxes.sort((a, b) => a.y0 - b.y0);
    const overlaps = [];
    const name = el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
      ` "${(el.textContent || '').trim().slice(0, 40)}"`;
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i];
      for (let j = i + 1; j < boxes.length && boxes[j].y0 < a.y1 - 0.5; j++) {
        const b = boxes[j];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
        const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
        if (w > 1 && h > 1 && overlaps.length < 5) overlaps.push(`${name(a.el)} and ${name(b.el)}`);
      }
    }
    return { checked: boxes.length, overlaps, positioned, wide };
  }, width);
}

async function checkCase(h, browser, label, c, want) {
  // ---- screen: a laptop ----
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const page = await ctx.newPage();
    const o = await B.openReport(page, c.html);
    h.eq(`${label}: no script error`, o.errors.join('; '), '');
    const sum = await page.evaluate(() => {
      const s = document.getElementById('summary');
      const r = s ? s.getBoundingClientRect() : null;
      const first = document.querySelector('main > section');
      return r && { bottom: r.bottom, top: r.top, text: s.innerText, first: first && first.id };
    });
    h.ok(`${label}: the summary is the first section of the report`, sum && sum.first === 'summary',
      sum ? sum.first : 'no #summary');
    h.ok(`${label}: the summary is whole on a 1366x768 screen (bottom at ${sum && Math.round(sum.bottom)} px)`,
      sum && sum.bottom <= 768, sum && `bottom ${sum.bottom}`);
    for (const role of want.top)
      h.ok(`${label}: the summary names "${role}" among the roles to fix first`, sum && sum.text.includes(role));
    await page.screenshot({ path: path.join(c.dir, 'screen.png') });
    const png = B.pngInfo(path.join(c.dir, 'screen.png'));
    h.ok(`${label}: screen screenshot is a non-trivial PNG (${png.bytes} bytes)`, png.valid && png.bytes > 20000 && png.distinct > 8);

    // ---- print emulation at the printed width ----
    await page.setViewportSize({ width: PRINT_WIDTH, height: 768 });
    await page.emulateMedia({ media: 'print' });
    await B.frames(page);
    const printRoles = await page.$$eval('#matrix-print .print-role h3', hs => hs.map(x => x.firstChild.textContent.trim()));
    h.sameSet(`${label}: in print, one matrix table per role`, printRoles, want.roles);
    const f = await layoutFaults(page, PRINT_WIDTH);
    h.ok(`${label}: in print no element overlaps another (${f.checked} boxes checked)`, f.overlaps.length === 0, f.overlaps.join('; '));
    h.ok(`${label}: in print everything is within the page width (${PRINT_WIDTH} px)`, f.wide.length === 0, f.wide.join('; '));
    h.ok(`${label}: in print nothing is sticky or fixed`, f.positioned.length === 0, f.positioned.join(', '));
    const hidden = await page.evaluate(() => ['grid-wrap', 'filters'].map(id => getComputedStyle(document.getElementById(id)).display));
    h.ok(`${label}: in print the screen grid and filters are hidden`, hidden.every(d => d === 'none'), hidden.join(','));

    // ---- paper: the PDF Chromium prints (media emulation off: it would
    // also apply to the PDF) ----
    await page.emulateMedia({ media: null });
    const pdf = path.join(c.dir, 'report.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const pages = pdfPages(pdf);
    const p1 = squash(pages[0] || '');
    h.ok(`${label}: page 1 holds the summary`, /Summary/.test(p1) && /Roles by smallest licence/.test(p1) &&
      /New findings by rule|None\./.test(p1), p1.slice(0, 200));
    h.ok(`${label}: page 1 ends with the summary (its last line, the price source, is on it; the licence fit is not)`,
      /Costs: .* per user and month\./.test(p1) && !/Licence fit/.test(p1), p1.slice(-300));
    h.ok(`${label}: page 1's running header names the input and the rule pack`,
      p1.includes(`rolecheck: ${want.solution}`) && new RegExp(`Rule pack ${want.pack.replace(/\./g, '\\.')} as of`).test(p1),
      p1.slice(0, 160));
    h.ok(`${label}: page 1 says the date printed and the page count`,
      /Printed \d{4}-\d\d-\d\d/.test(p1) && new RegExp(`Page 1 of ${pages.length}`).test(p1), p1.slice(-120));
    const rolePages = pages.filter(p => /Table Create Read Write Delete Append AppendTo Assign Share Findings/.test(squash(p)));
    h.eq(`${label}: the matrix prints one page per role`, rolePages.length, want.roles.length);
    const all = squash(pages.join(' '));
    h.ok(`${label}: the fix list is in the printout`, /Fix list/.test(all) && (!want.sentences.length ||
      want.sentences.every(s => all.includes(s))), want.sentences.join(' | '));
    h.ok(`${label}: each role's cost per user and month is in the printout`, want.costs.every(x => all.includes(x)),
      want.costs.join(', '));
    const ppm = spawnSync('pdftoppm', ['-png', '-r', '96', '-f', '1', '-l', '1', '-singlefile', pdf,
      path.join(c.dir, 'print-1')], { encoding: 'utf8' });
    const shot = ppm.status === 0 ? B.pngInfo(path.join(c.dir, 'print-1.png')) : { valid: false };
    h.ok(`${label}: the printed first page as a PNG (pdftoppm)`, shot.valid && shot.distinct > 8, ppm.stderr);
    if (docsDir) {
      fs.mkdirSync(docsDir, { recursive: true });
      fs.copyFileSync(path.join(c.dir, 'screen.png'), path.join(docsDir, `${label}-screen.png`));
      fs.copyFileSync(path.join(c.dir, 'print-1.png'), path.join(docsDir, `${label}-print.png`));
      fs.copyFileSync(pdf, path.join(docsDir, `${label}-print.pdf`));
    }
  } finally {
    await ctx.close();
  }
}

// What the page must say, from the JSON outputs.
async function checkFixList(h, browser, label, c) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    const page = await ctx.newPage();
    await B.openReport(page, c.html);
    const lists = await page.$$eval('#fixes .fixrole', ss => ss.map(s => ({
      role: s.querySelector('h3').firstChild.textContent.trim(),
      sentence: (s.querySelector('.sentence') || {}).textContent || '',
      privileges: [...s.querySelectorAll('table.fixlist tbody tr')].map(tr => tr.querySelector('td').textContent),
      tables: [...s.querySelectorAll('table.fixlist th[scope=rowgroup]')].map(th => th.textContent),
    })));
    for (const r of (c.fix ? c.fix.roles : []).filter(x => !x.webRole && x.changes.length)) {
      const got = lists.find(l => l.role === r.role);
      h.ok(`${label}: the fix list has "${r.role}"`, !!got, lists.map(l => l.role).join(', '));
      if (!got) continue;
      h.sameSet(`${label}: "${r.role}": the privileges are those rolecheck fix changes`, got.privileges,
        r.changes.map(x => x.privilege));
      h.sameSet(`${label}: "${r.role}": one row group per table`, got.tables,
        r.changes.map(x => x.table || '(other privileges)'));
    }
    for (const f of c.check.licenseFit.filter(x => x.cost && x.cost.whatIf && !x.profile)) {
      const w = f.cost.whatIf;
      const got = lists.find(l => l.role === f.role.name);
      h.ok(`${label}: the fix list has "${f.role.name}", which ${w.toName} would cover`, !!got);
      if (!got) continue;
      h.sameSet(`${label}: "${f.role.name}": the privileges are the what-if's`, got.privileges,
        w.changes.map(x => x.privilege));
      const saving = `${w.perUserMonth.toFixed(2)} instead of ${f.cost.perUserMonth.toFixed(2)}`;
      h.ok(`${label}: "${f.role.name}": the sentence says ${w.toName} is enough, ${saving}`,
        got.sentence.includes(`${w.toName} is enough`) && got.sentence.includes(saving), got.sentence);
    }
  } finally {
    await ctx.close();
  }
}

function expectations(c) {
  const fits = c.check.licenseFit.filter(f => f.role.kind === 'role');
  const sentences = fits.filter(f => f.cost && f.cost.whatIf && !f.profile).map(f =>
    `${f.cost.whatIf.toName} is enough (${f.cost.whatIf.perUserMonth.toFixed(2)} instead of ${f.cost.perUserMonth.toFixed(2)}`);
  const top = c.check.findings.filter(x => x.severity === 'error' && x.state === 'new').map(x => x.role.name);
  return {
    solution: c.check.inputs[0].solution.uniqueName,
    pack: c.check.rulePack.version,
    roles: fits.map(f => f.role.name),
    top: [...new Set(top)].slice(0, 5),
    sentences,
    costs: fits.filter(f => f.cost && f.cost.perUserMonth >= 0).map(f => f.cost.perUserMonth.toFixed(2)),
  };
}

// check --pdf: rolecheck prints the same report with the headless browser
// itself (RC_CHROMIUM: the one this test uses).
function checkPdfOption(h) {
  const dir = path.resolve(work, 'pdf-option');
  fs.mkdirSync(dir, { recursive: true });
  const pdf = path.join(dir, 'report.pdf');
  const input = path.join(path.basename(fixtures), 'extracted', 'input');
  const r = spawnSync(bin, ['check', '--no-config', '-q', '--assume', 'team-member', '--fail-on', 'never',
    '--pdf', pdf, input], { cwd, encoding: 'utf8', env: { ...process.env, RC_CHROMIUM: B.chromiumPath() } });
  h.eq('check --pdf: exit 0', r.status, 0);
  if (r.status !== 0) {
    console.log(r.stderr);
    return;
  }
  const pages = pdfPages(pdf);
  const p1 = squash(pages[0] || '');
  const fits = json(['check', '--no-config', '-q', '--assume', 'team-member', '--fail-on', 'never', '-f', 'json',
    input]).licenseFit.filter(f => f.role.kind === 'role');
  h.ok('check --pdf: page 1 is the summary alone', /Summary/.test(p1) && /Roles to fix first/.test(p1) &&
    !/Licence fit/.test(p1), p1.slice(0, 300));
  h.eq('check --pdf: the matrix prints one page per role',
    pages.filter(p => /Table Create Read Write Delete Append AppendTo Assign Share Findings/.test(squash(p))).length,
    fits.length);
  h.ok('check --pdf: no temporary file left beside the PDF', fs.readdirSync(dir).join() === 'report.pdf',
    fs.readdirSync(dir).join());
}

B.runTests('report.print', async (h, browser) => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const cases = [
    ['extracted', path.join(path.basename(fixtures), 'extracted', 'input'), 'team-member'],
    ['whatif', path.join(path.basename(fixtures), 'whatif', 'input'), null],
    ['unpacked', path.join(path.basename(fixtures), 'unpacked', 'input'), 'team-member'],
  ];
  for (const [label, input, assume] of cases) {
    try {
      const c = prepare(label, input, assume);
      const want = expectations(c);
      await checkCase(h, browser, label, c, want);
      await checkFixList(h, browser, label, c);
    } catch (e) {
      h.ok(`${label}: runs to the end`, false, e && e.stack ? e.stack : String(e));
    }
  }
  checkPdfOption(h);
}, { watchdogMs: 170000 });
