'use strict';
// report.html: `rolecheck check -f html` opened in headless Chromium from
// file://. Every expectation is derived from the CSVs written by the same
// run (--csv: the role matrix, --findings-csv, --fit-csv), never from the
// page: the unfiltered rows, each filter typed or clicked through the page,
// the depth and finding cells, the findings' rule sections, the licence
// fit and web roles, keyboard reachability of the filters, a screenshot,
// and a generated input of more than 100 rows (virtualised grid).
//   node html.cjs ROLECHECK FIXTURES WORKDIR   (through run_node.sh)
const fs = require('fs');
const path = require('path');
const B = require('./browser.cjs');

const [bin, fixtures, work] = process.argv.slice(2);
if (!bin || !fixtures || !work) {
  console.error('usage: html.cjs ROLECHECK FIXTURES WORKDIR');
  process.exit(2);
}

// Runs check once: the HTML page and the three CSVs of the same run.
function report(name, input, extra) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const f = n => path.join(dir, n);
  B.run(bin, ['check', '--fail-on', 'never', ...extra, '-f', 'html', '-o', f('x.html'),
    '--csv', f('m.csv'), '--findings-csv', f('f.csv'), '--fit-csv', f('fit.csv'), input]);
  const matrix = B.readCsv(f('m.csv'));
  const findings = B.readCsv(f('f.csv'));
  const fit = B.readCsv(f('fit.csv'));
  return { dir, html: f('x.html'), matrix, findings, fit, model: B.matrixModel(matrix, findings) };
}

// A customizations.xml of more than 100 rows, so the grid virtualises:
// role A reads 260 custom tables (writes every third), role B reads the
// second half and account, and holds one miscellaneous privilege.
function bigInput() {
  const dir = path.join(work, 'big-input');
  fs.mkdirSync(dir, { recursive: true });
  const t = i => `contoso_t${String(i).padStart(3, '0')}`;
  const a = [], b = [];
  for (let i = 0; i < 260; i++) {
    a.push(`<RolePrivilege name="prvRead${t(i)}" level="${['Basic', 'Local', 'Deep', 'Global'][i % 4]}" />`);
    if (i % 3 === 0) a.push(`<RolePrivilege name="prvWrite${t(i)}" level="Basic" />`);
    if (i >= 130) b.push(`<RolePrivilege name="prvRead${t(i)}" level="Global" />`);
  }
  b.push('<RolePrivilege name="prvReadAccount" level="Global" />');
  b.push('<RolePrivilege name="prvExportToExcel" level="Global" />');
  const role = (id, name, privs) => `    <Role id="${id}" name="${name}">
      <IsCustomizable>1</IsCustomizable>
      <RolePrivileges>
        ${privs.join('\n        ')}
      </RolePrivileges>
    </Role>`;
  fs.writeFileSync(path.join(dir, 'customizations.xml'), `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Entities />
  <Roles>
${role('{0b1e0000-0000-4000-8000-00000000000a}', 'Bulk Reader A', a)}
${role('{0b1e0000-0000-4000-8000-00000000000b}', 'Bulk Reader B', b)}
  </Roles>
</ImportExportXml>
`);
  return path.join(dir, 'customizations.xml'); // a lone file: the bare form
}

// The rows rendered, with their cells grouped per role column.
function readCells(page) {
  return page.evaluate(() => {
    const roles = [...document.querySelectorAll('#matrix-grid thead th.role')]
      .filter(th => th.getClientRects().length).map(th => th.getAttribute('data-role-id'));
    return {
      roles,
      rows: [...document.querySelectorAll('#matrix-grid tbody tr[data-name]')]
        .filter(tr => tr.getClientRects().length).map(tr => ({
          name: tr.getAttribute('data-name'),
          kind: tr.getAttribute('data-kind'),
          cells: [...tr.querySelectorAll('td.c')].map(td => ({
            depth: [0, 1, 2, 3, 4].filter(d => td.classList.contains('d' + d)),
            finding: td.classList.contains('f'),
            links: [...td.querySelectorAll('a.fm')].map(a => a.getAttribute('href')),
          })),
        })),
    };
  });
}

// The depth classes a role's cells on a row must carry, from the CSV: one
// per verb for a table, the privilege depth for a miscellaneous privilege.
function wantDepths(entry, kind) {
  if (!entry) return null;
  if (kind === 'misc') return [B.depthIndex(entry.privilege_depth)];
  return B.VERBS.map(v => B.depthIndex(entry[v]));
}

async function checkCells(h, page, c, label) {
  const got = await readCells(page);
  const model = c.model;
  let bad = [], fBad = [], layouts = new Set(), fCount = 0;
  const findingIds = new Set(await page.$$eval('#findings-table tbody tr[id^="finding-"]', rs => rs.map(r => r.id)));
  for (const row of got.rows) {
    const m = model.rows.get(row.name);
    if (!m) continue; // reported by the row checks
    const n = got.roles.length;
    if (!n || row.cells.length % n) { bad.push(`${row.name}: ${row.cells.length} cells for ${n} roles`); continue; }
    const per = row.cells.length / n;
    layouts.add(`${row.kind}:${per}`);
    got.roles.forEach((id, ri) => {
      const cells = row.cells.slice(ri * per, (ri + 1) * per);
      const wrongClass = cells.filter(x => x.depth.length !== 1);
      if (wrongClass.length) { bad.push(`${row.name}/${id}: ${wrongClass.length} cell(s) without exactly one d0..d4 class`); return; }
      const gotD = cells.map(x => x.depth[0]);
      let want = wantDepths(m.roles.get(id), m.kind);
      if (!want) want = new Array(per).fill(0);
      else if (want.length !== per) {
        if (per === 1) want = [Math.max(...want)];
        else if (m.kind === 'misc') want = want.concat(new Array(per - 1).fill(0)); // compared as sorted lists
      }
      const cmp = (m.kind === 'misc' && per > 1) ? [[...gotD].sort(), [...want].sort()] : [gotD, want];
      if (cmp[0].join() !== cmp[1].join()) bad.push(`${row.name}/${m.roles.has(id) ? m.roles.get(id).role_name : id}: d${gotD.join(',d')} want d${want.join(',d')}`);
      // a finding of this role on this row: some cell marked f, linking to a finding
      const has = model.findings.some(x => x.row === row.name && x.roleId === id);
      const marked = cells.filter(x => x.finding);
      fCount += marked.length;
      if (has && !marked.some(x => x.links.length)) fBad.push(`${row.name}/${id}: finding but no td.c.f with a.fm`);
      if (!has && marked.length) fBad.push(`${row.name}/${id}: td.c.f but the CSV has no finding`);
      for (const x of marked) {
        for (const href of x.links) {
          if (!/^#finding-/.test(href) || !findingIds.has(href.slice(1))) fBad.push(`${row.name}/${id}: a.fm ${href} has no finding row`);
        }
      }
    });
  }
  h.ok(`${label}: depth classes of every cell match the CSV (layout ${[...layouts].join(' ') || 'none'})`, !bad.length,
    bad.slice(0, 8).join('; ') + (bad.length > 8 ? `; ... ${bad.length} in all` : ''));
  h.ok(`${label}: finding cells (td.c.f > a.fm) exactly where the findings CSV has a row-level finding`, !fBad.length,
    fBad.slice(0, 8).join('; ') + (fBad.length > 8 ? `; ... ${fBad.length} in all` : ''));
  return fCount;
}

async function clearFilters(page) {
  for (const s of ['#f-role', '#f-table']) await page.fill(s, '');
  for (const s of ['#f-custom', '#f-cud', '#f-findings']) await page.setChecked(s, false);
}

// Applies a filter through the page and compares the matrix with the
// CSV-derived expectation. The expectation must differ from what is shown
// before, or the check could not fail.
async function checkFilter(h, page, c, label, filters, apply) {
  const want = B.expectMatrix(c.model, filters);
  // under 100 rows every matching row is rendered; above, the grid is virtualised
  const exact = want.rows.length < 100;
  const before = await B.readMatrix(page);
  const beforeNames = before.rows.map(r => r.name).sort();
  if (before.status && before.status.rows === String(want.rows.length) &&
      before.status.roles === String(want.roles.length) &&
      beforeNames.join('\n') === [...want.rows].sort().join('\n')) {
    h.ok(`${label}: test design: the filter changes the rows`, false, 'the expected state is already shown');
    return null;
  }
  await apply();
  const got = await B.waitMatrix(page, { rows: want.rows.length, roles: want.roles.length,
    names: exact ? want.rows : null });
  h.ok(`${label}: #matrix-status data-rows=${want.rows.length} data-roles=${want.roles.length}`,
    got.status && got.status.rows === String(want.rows.length) && got.status.roles === String(want.roles.length),
    got.status ? `data-rows=${got.status.rows} data-roles=${got.status.roles} "${got.status.text}"` : 'no #matrix-status');
  if (exact) h.sameSet(`${label}: rendered rows = CSV rows`, got.rows.map(r => r.name), want.rows);
  h.sameSet(`${label}: role columns = CSV roles`, got.roles.map(r => r.id), want.roles);
  const text = got.status ? got.status.text : '';
  const nums = (text.match(/\d+/g) || []).map(Number);
  h.ok(`${label}: status text gives ${want.rows.length} rows and ${want.roles.length} roles`,
    nums.includes(want.rows.length) && nums.includes(want.roles.length), `"${text}"`);
  return got;
}

async function checkStatic(h, page, c, label) {
  // licence fit: one row per role and web role of the fit CSV
  const fitRows = await page.$$eval('#fit-table tbody tr', rs => rs.map(r => r.textContent));
  h.eq(`${label}: #fit-table rows = fit CSV rows`, fitRows.length, c.fit.length);
  const fitMissing = c.fit.filter(f => !fitRows.some(t => t.includes(f.role_name)));
  h.ok(`${label}: every fit CSV role is named in #fit-table`, !fitMissing.length,
    fitMissing.map(f => f.role_name).join(', '));
  // web roles
  const web = c.fit.filter(f => f.role_kind === 'webrole').map(f => f.role_name);
  if (web.length) {
    const text = await page.$eval('#webroles', el => el.textContent).catch(() => null);
    h.ok(`${label}: #webroles names the ${web.length} web roles`, text !== null && web.every(n => text.includes(n)),
      text === null ? 'no #webroles' : `missing ${web.filter(n => !text.includes(n)).join(', ')}`);
  }
  // findings: one row per CSV finding, each linking its rule section
  const fr = await page.$$eval('#findings-table tbody tr[id^="finding-"]', rs => rs.map(r => ({
    id: r.id, text: r.textContent,
    rules: [...r.querySelectorAll('a[href^="#rule-"]')].map(a => a.getAttribute('href').slice(6)),
  })));
  h.eq(`${label}: #findings-table rows = findings CSV rows`, fr.length, c.findings.length);
  h.eq(`${label}: finding row ids are unique`, new Set(fr.map(r => r.id)).size, fr.length);
  const wantRules = c.findings.map(f => f.rule).sort();
  const gotRules = fr.map(r => r.rules[0] || '(no rule link)').sort();
  h.eq(`${label}: each finding row links its rule (multiset of rules = CSV)`, gotRules.join(' '), wantRules.join(' '));
  const links = await page.$$eval('a[href^="#rule-"]', as => as.map(a => {
    const id = a.getAttribute('href').slice(1);
    const t = document.getElementById(id);
    return { id, ok: !!t && t.tagName === 'SECTION' && t.textContent.trim().length > 20 };
  }));
  const broken = [...new Set(links.filter(l => !l.ok).map(l => l.id))];
  h.ok(`${label}: every a[href^="#rule-"] (${links.length}) has its section with text`, links.length >= c.findings.length && !broken.length,
    broken.length ? `no section for ${broken.join(', ')}` : `${links.length} links for ${c.findings.length} findings`);
  const ruleIds = [...new Set(c.findings.map(f => f.rule))];
  const sections = await page.$$eval('section[id^="rule-"]', ss => ss.map(s => s.id.slice(5)));
  const noSection = ruleIds.filter(r => !sections.includes(r));
  h.ok(`${label}: section#rule-<ID> for each rule of the findings CSV`, !noSection.length, noSection.join(', '));
}

async function checkUnfiltered(h, page, c, label) {
  const want = B.expectMatrix(c.model, {});
  const total = c.model.rows.size;
  h.eq(`${label}: CSV-derived rows = all tables and privileges of the matrix CSV`, want.rows.length, total);
  const got = await B.waitMatrix(page, { rows: total, roles: c.model.roles.size, names: want.rows });
  h.ok(`${label}: unfiltered #matrix-status data-rows=${total} data-roles=${c.model.roles.size}`,
    got.status && got.status.rows === String(total) && got.status.roles === String(c.model.roles.size),
    got.status ? `data-rows=${got.status.rows} data-roles=${got.status.roles} "${got.status.text}"` : 'no #matrix-status');
  h.sameSet(`${label}: unfiltered rendered rows = every table and privilege of the CSV`, got.rows.map(r => r.name), want.rows);
  // data-kind is "table", or the privilege's kind (metadata, misc,
  // unresolved), which the CSV does not tell apart: all three are its "misc"
  const asCsv = k => (k === 'metadata' || k === 'unresolved' ? 'misc' : k);
  const kinds = got.rows.filter(r => c.model.rows.has(r.name) && asCsv(r.kind) !== c.model.rows.get(r.name).kind);
  h.ok(`${label}: data-kind is table, or metadata, misc or unresolved where the CSV has a privilege row`, !kinds.length,
    kinds.map(r => `${r.name}: ${r.kind}, want ${c.model.rows.get(r.name).kind}`).join('; '));
  const wantRoles = [...c.model.roles].map(([id, name]) => `${id} ${name}`);
  h.sameSet(`${label}: th.role data-role-id and text = the CSV's roles`, got.roles.map(r => `${r.id} ${r.name}`), wantRoles);
  return got;
}

// Tab from the top of the page reaches #f-role first of the filters, then
// every filter; typing and Space work on them.
async function checkKeyboard(h, page, c, label) {
  const filters = ['#f-role', '#f-table', '#f-custom', '#f-cud', '#f-findings'];
  const order = [];
  let presses = 0, first = -1;
  for (; presses < 80 && order.length < filters.length; presses++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement && document.activeElement.id);
    const sel = '#' + id;
    if (filters.includes(sel) && !order.includes(sel)) {
      if (first < 0) first = presses + 1;
      order.push(sel);
    }
  }
  h.ok(`${label}: Tab reaches #f-role first of the filters (after ${first} Tab)`, order[0] === '#f-role',
    `first filter focused: ${order[0] || 'none in 80 Tab presses'}`);
  h.sameSet(`${label}: every filter is reachable with Tab`, order, filters);
  // typed through the keyboard: Tab to #f-table, type
  const want = B.expectMatrix(c.model, { table: 'account' });
  await page.focus('#f-role');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  h.eq(`${label}: Tab from #f-role goes to #f-table`, focused, 'f-table');
  await checkFilter(h, page, c, `${label}: table filter typed "account"`, { table: 'account' }, async () => {
    await page.focus('#f-table');
    await page.keyboard.type('account');
  });
  h.ok(`${label}: the table filter "account" expects rows`, want.rows.length > 0, 'no account row in the CSV');
  // Space on a focused checkbox
  await B.setText(page, '#f-table', '', { keyboard: true });
  await B.waitMatrix(page, { rows: c.model.rows.size, roles: c.model.roles.size });
  await checkFilter(h, page, c, `${label}: Space on #f-custom`, { custom: true }, async () => {
    await page.focus('#f-custom');
    await page.keyboard.press('Space');
  });
  await page.keyboard.press('Space');
  await B.waitMatrix(page, { rows: c.model.rows.size, roles: c.model.roles.size });
}

async function caseExtracted(h, browser) {
  const label = 'extracted';
  const c = report(label, path.join(fixtures, 'extracted', 'input'), ['--assume', 'team-member']);
  h.ok(`${label}: the run wrote findings, roles and misc rows to test against`,
    c.findings.length >= 3 && c.model.roles.size >= 2 && [...c.model.rows.values()].some(r => r.kind === 'misc'),
    `${c.findings.length} findings, ${c.model.roles.size} roles`);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await ctx.newPage();
    const o = await B.openReport(page, c.html);
    h.ok(`${label}: data-ready, window.rcReadyMs = ${o.readyMs}`, typeof o.readyMs === 'number' && o.readyMs > 0);
    await checkKeyboard(h, page, c, label);
    await checkUnfiltered(h, page, c, label);
    const fCells = await checkCells(h, page, c, `${label} unfiltered`);
    h.ok(`${label}: some cells are marked as findings`, fCells > 0, 'no td.c.f');
    await checkStatic(h, page, c, label);

    const roleNames = [...c.model.roles.values()];
    const agent = roleNames.find(n => /agent/i.test(n));
    const cases = [
      ['table filter "account" (fill)', { table: 'account' }, () => page.fill('#f-table', 'account')],
      ['table filter "ACCOUNT" (case-insensitive)', { table: 'ACCOUNT' }, () => page.fill('#f-table', 'ACCOUNT')],
      ['table filter regex "^contoso_"', { table: '^contoso_' }, () => page.fill('#f-table', '^contoso_')],
      ['table filter regex "order$|^sys"', { table: 'order$|^sys' }, () => page.fill('#f-table', 'order$|^sys')],
      ['table filter "site(" (not a regex: plain text)', { table: 'site(' }, () => page.fill('#f-table', 'site(')],
      ['#f-custom', { custom: true }, () => page.setChecked('#f-custom', true)],
      ['#f-cud', { cud: true }, () => page.setChecked('#f-cud', true)],
      ['#f-findings', { findings: true }, () => page.setChecked('#f-findings', true)],
      ['role filter "supervisor"', { role: 'supervisor' }, () => page.fill('#f-role', 'supervisor')],
      ['role filter regex "agent$" + #f-findings', { role: 'agent$', findings: true }, async () => {
        await page.fill('#f-role', 'agent$'); await page.setChecked('#f-findings', true);
      }],
      ['role filter "supervisor" + #f-cud', { role: 'supervisor', cud: true }, async () => {
        await page.fill('#f-role', 'supervisor'); await page.setChecked('#f-cud', true);
      }],
      ['role filter "supervisor" + #f-findings (misc finding only)', { role: 'supervisor', findings: true }, async () => {
        await page.fill('#f-role', 'supervisor'); await page.setChecked('#f-findings', true);
      }],
      ['#f-custom + #f-cud + table "inspection"', { custom: true, cud: true, table: 'inspection' }, async () => {
        await page.setChecked('#f-custom', true); await page.setChecked('#f-cud', true); await page.fill('#f-table', 'inspection');
      }],
    ];
    h.ok(`${label}: a role named like "agent" to filter on`, !!agent, roleNames.join(', '));
    for (const [name, filters, apply] of cases) {
      const got = await checkFilter(h, page, c, `${label}: ${name}`, filters, apply);
      if (got && name.startsWith('#f-findings')) await checkCells(h, page, c, `${label} ${name}`);
      if (got && name === '#f-cud') {
        // the filtered grid itself: a blank or unstyled grid would not pass
        await page.locator('#matrix-grid').screenshot({ path: path.join(c.dir, 'filter.png') });
        const png = B.pngInfo(path.join(c.dir, 'filter.png'));
        h.ok(`${label}: screenshot of the grid after #f-cud is a non-trivial PNG (${png.bytes} bytes, ${png.width}x${png.height}, ${png.distinct} colours sampled)`,
          png.valid && png.bytes > 3000 && png.width >= 300 && png.height >= 8 * 10 && png.distinct > 8);
      }
      await clearFilters(page);
      await B.waitMatrix(page, { rows: c.model.rows.size, roles: c.model.roles.size });
    }
    // no filter left behind: back to every row
    const back = await B.waitMatrix(page, { rows: c.model.rows.size, roles: c.model.roles.size,
      names: B.expectMatrix(c.model, {}).rows });
    h.ok(`${label}: clearing the filters shows every row again`, !back.timedOut,
      back.status ? `data-rows=${back.status.rows}` : 'no status');
    // a finding cell's link lands on its finding row
    const href = await page.$eval('#matrix-grid td.c.f a.fm', a => a.getAttribute('href')).catch(() => null);
    if (href) {
      await page.click(`#matrix-grid td.c.f a.fm[href="${href}"]`);
      const hash = await page.evaluate(() => location.hash);
      h.eq(`${label}: clicking a finding cell goes to its finding`, hash, href);
    }
  } finally {
    await ctx.close();
  }
}

async function casePortal(h, browser) {
  const label = 'portal-enhanced';
  const c = report(label, path.join(fixtures, 'portal-enhanced', 'input'), ['--assume', 'team-member']);
  h.ok(`${label}: the run wrote web roles and findings`,
    c.fit.some(f => f.role_kind === 'webrole') && c.findings.length > 0);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await ctx.newPage();
    await B.openReport(page, c.html);
    await checkUnfiltered(h, page, c, label);
    await checkStatic(h, page, c, label);
  } finally {
    await ctx.close();
  }
}

// More than 100 rows: the grid renders only rows near the viewport, so the
// rendered set is checked by scrolling through it; a filter down to under
// 100 rows renders them all.
async function caseBig(h, browser) {
  const label = 'generated 262 rows';
  const c = report('big', bigInput(), []);
  const total = c.model.rows.size;
  h.ok(`${label}: the CSV has more than 100 rows`, total > 100, `${total}`);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await ctx.newPage();
    await B.openReport(page, c.html);
    const got = await B.waitMatrix(page, { rows: total, roles: c.model.roles.size });
    h.ok(`${label}: #matrix-status data-rows=${total}`, !got.timedOut,
      got.status ? `data-rows=${got.status.rows} data-roles=${got.status.roles}` : 'no status');
    const first = got.rows.length;
    h.ok(`${label}: rendered rows are a window (${first} of ${total})`, first > 0 && first < total);
    // scroll through, collecting every row rendered on the way
    const seen = new Set(got.rows.map(r => r.name));
    let pos = await B.scrollGrid(page, 0);
    for (let i = 0; i < 400; i++) {
      pos = await B.scrollGrid(page, 'page');
      await B.frames(page);
      (await B.readMatrix(page)).rows.forEach(r => seen.add(r.name));
      if (pos.top >= pos.max) break;
    }
    h.sameSet(`${label}: scrolling through the grid (${pos.scroller}) renders every CSV row`, [...seen],
      B.expectMatrix(c.model, {}).rows);
    await B.scrollGrid(page, 0);
    await B.frames(page);
    await checkFilter(h, page, c, `${label}: table regex "t0[0-4]"`, { table: 't0[0-4]' }, () => page.fill('#f-table', 't0[0-4]'));
    await clearFilters(page);
    await checkFilter(h, page, c, `${label}: role "reader b" + #f-cud (no row)`, { role: 'reader b', cud: true }, async () => {
      await page.fill('#f-role', 'reader b'); await page.setChecked('#f-cud', true);
    });
    await clearFilters(page);
    await checkFilter(h, page, c, `${label}: #f-cud`, { cud: true }, () => page.setChecked('#f-cud', true));
    await clearFilters(page);
    await checkFilter(h, page, c, `${label}: #f-custom with role "reader b"`, { custom: true, role: 'reader b' },
      async () => { await page.setChecked('#f-custom', true); await page.fill('#f-role', 'reader b'); });
  } finally {
    await ctx.close();
  }
}

B.runTests('report.html', async (h, browser) => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const [name, fn] of [['extracted', caseExtracted], ['portal-enhanced', casePortal], ['big', caseBig]]) {
    try {
      await fn(h, browser);
    } catch (e) {
      h.ok(`${name}: runs to the end`, false, e && e.message ? e.message : String(e));
    }
  }
});
