'use strict';
// report.html-network: the HTML report loads nothing. Every request the
// page makes is recorded (page and context 'request' events, plus a
// context route on **/* that records and aborts anything but the report's
// own file:// URL) while the report opens, gets ready, is filtered, and its
// grid scrolled; the only request allowed is the report file itself. A
// report of an input with hostile names (markup, </script>, <!--<script>,
// quotes) must make no request either, run none of it, and show the names
// as text. The page's Content-Security-Policy must forbid loads.
//   node html-network.cjs ROLECHECK FIXTURES WORKDIR   (through run_node.sh)
const fs = require('fs');
const path = require('path');
const B = require('./browser.cjs');

const [bin, fixtures, work] = process.argv.slice(2);
if (!bin || !fixtures || !work) {
  console.error('usage: html-network.cjs ROLECHECK FIXTURES WORKDIR');
  process.exit(2);
}

const xmlAttr = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Names that would load, run or break out if written unescaped anywhere:
// in text, in an attribute, inside the page's inline script (</script>,
// <!--<script>), in a regex or JSON string.
const HOSTILE_ROLE = 'Evil <img src=http://127.0.0.1:9/role onerror="window.rcPwned=1"> ' +
  '</script><script>window.rcPwned=2</script> <!--<script> \'q\' "dq" &amp; \u2028 ${x} end';
const HOSTILE_ROLE2 = '</title><link rel=stylesheet href=http://127.0.0.1:9/css>' +
  '<style>@import "http://127.0.0.1:9/imp";</style><iframe src=http://127.0.0.1:9/frame></iframe>';
const HOSTILE_PRIV = 'prvFrob<img src=http://127.0.0.1:9/priv onerror=window.rcPwned=3>';

function hostileInput() {
  const dir = path.join(work, 'hostile-input');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'customizations.xml'), `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Entities>
    <Entity>
      <Name LocalizedName="${xmlAttr('<img src=http://127.0.0.1:9/entity>')}" OriginalName="x">contoso_Region</Name>
    </Entity>
  </Entities>
  <Roles>
    <Role id="{bbcaef6f-2cb4-4b3d-a378-a81995f69b2a}" name="${xmlAttr(HOSTILE_ROLE)}">
      <IsCustomizable>1</IsCustomizable>
      <RolePrivileges>
        <RolePrivilege name="prvReadcontoso_Region" level="Global" />
        <RolePrivilege name="prvWritecontoso_Region" level="Basic" />
        <RolePrivilege name="${xmlAttr(HOSTILE_PRIV)}" level="Global" />
        <RolePrivilege name="prvExportToExcel" level="Global" />
      </RolePrivileges>
    </Role>
    <Role id="{bbcaef6f-2cb4-4b3d-a378-a81995f69b2b}" name="${xmlAttr(HOSTILE_ROLE2)}">
      <RolePrivileges>
        <RolePrivilege name="prvReadAccount" level="Global" />
        <RolePrivilege name="prvWriteAccount" level="Local" />
      </RolePrivileges>
    </Role>
  </Roles>
</ImportExportXml>
`);
  return path.join(dir, 'customizations.xml');
}

// 300 tables: enough rows for the grid to virtualise and scroll.
function bigInput() {
  const dir = path.join(work, 'big-input');
  fs.mkdirSync(dir, { recursive: true });
  const privs = [];
  for (let i = 0; i < 300; i++) privs.push(`<RolePrivilege name="prvReadcontoso_n${String(i).padStart(3, '0')}" level="Global" />`);
  fs.writeFileSync(path.join(dir, 'customizations.xml'), `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Roles>
    <Role id="{0b1e0000-0000-4000-8000-0000000000c0}" name="Scroll Reader">
      <RolePrivileges>
        ${privs.join('\n        ')}
      </RolePrivileges>
    </Role>
  </Roles>
</ImportExportXml>
`);
  return path.join(dir, 'customizations.xml');
}

function report(name, input, extra) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const html = path.join(dir, 'x.html');
  const csv = path.join(dir, 'm.csv');
  B.run(bin, ['check', '--fail-on', 'never', ...extra, '-f', 'html', '-o', html, '--csv', csv, input]);
  return { html, matrix: B.readCsv(csv) };
}

// A fresh context whose every request is recorded; anything but the report
// itself is aborted.
async function recordingPage(browser, reportUrl) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const requests = [];
  const routed = [];
  await ctx.route('**/*', route => {
    const url = route.request().url();
    if (url === reportUrl) return route.continue();
    routed.push(url);
    return route.abort('blockedbyclient');
  });
  ctx.on('request', r => requests.push(r.url()));
  const page = await ctx.newPage();
  // any page besides ours (window.open, target=_blank) counts as a request
  ctx.on('page', p => { if (p !== page) requests.push(`(new page) ${p.url()}`); });
  page.on('websocket', ws => requests.push(`(websocket) ${ws.url()}`));
  page.on('worker', w => requests.push(`(worker) ${w.url()}`));
  page.on('popup', p => requests.push(`(popup) ${p.url()}`));
  return { ctx, page, requests, routed };
}

// Every way the page can be worked: filters typed and clicked, the grid
// scrolled to the end and back, links followed.
async function exercise(page) {
  await page.fill('#f-role', 'a');
  await page.fill('#f-table', 'a');
  await page.fill('#f-table', '(');
  await page.fill('#f-table', '');
  await page.fill('#f-role', '');
  for (const s of ['#f-custom', '#f-cud', '#f-findings']) {
    await page.setChecked(s, true);
    await B.frames(page);
    await page.setChecked(s, false);
  }
  let pos = await B.scrollGrid(page, 0);
  for (let i = 0; i < 200; i++) {
    pos = await B.scrollGrid(page, 'page');
    await B.frames(page);
    if (pos.top >= pos.max) break;
  }
  await B.scrollGrid(page, 0);
  await B.frames(page);
  for (const sel of ['#matrix-grid a.fm', '#findings-table a[href^="#rule-"]']) {
    const a = await page.$(sel);
    if (a) { await a.click(); await B.frames(page); }
  }
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await B.frames(page);
}

async function checkCsp(h, page, label) {
  const csp = await page.$$eval('meta[http-equiv="Content-Security-Policy" i]', ms => ms.map(m => m.getAttribute('content')));
  h.eq(`${label}: one Content-Security-Policy meta`, csp.length, 1);
  if (!csp.length) return;
  const dirs = Object.fromEntries(csp[0].split(';').map(d => d.trim().split(/\s+/)).filter(d => d[0]).map(d => [d[0].toLowerCase(), d.slice(1)]));
  h.ok(`${label}: CSP default-src 'none'`, (dirs['default-src'] || []).join(' ') === "'none'", csp[0]);
  // no source list may name a place to load from
  const loose = [];
  for (const [name, srcs] of Object.entries(dirs)) {
    for (const s of srcs) {
      if (!/^('none'|'unsafe-inline'|'sha(256|384|512)-[^']+'|'nonce-[^']+'|data:|blob:)$/.test(s)) loose.push(`${name} ${s}`);
    }
  }
  h.ok(`${label}: CSP allows no load from anywhere`, !loose.length, `allows ${loose.join(', ')} in "${csp[0]}"`);
}

async function checkNoRequest(h, browser, label, file, after) {
  const url = B.fileUrl(file);
  const { ctx, page, requests, routed } = await recordingPage(browser, url);
  try {
    await B.openReport(page, file);
    await checkCsp(h, page, label);
    await exercise(page);
    if (after) await after(page);
    // the page's own record of resources, in case a request escaped the events
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map(e => e.name));
    const others = requests.filter(u => u !== url);
    h.ok(`${label}: the only request is the report file (${requests.length} request(s))`,
      requests.length >= 1 && !others.length && requests[0] === url,
      `requests: ${JSON.stringify(requests)}`);
    h.ok(`${label}: nothing routed besides the report file`, !routed.length, JSON.stringify(routed));
    h.ok(`${label}: no resource entries`, !resources.length, JSON.stringify(resources));
  } finally {
    await ctx.close();
  }
}

B.runTests('report.html-network', async (h, browser) => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });

  // the recorder sees a load when there is one (the check can fail)
  {
    const probe = path.join(work, 'probe.html');
    fs.writeFileSync(probe, '<!doctype html><body data-ready="1"><img src="http://127.0.0.1:9/probe.png">');
    const { ctx, page, requests, routed } = await recordingPage(browser, B.fileUrl(probe));
    try {
      await page.goto(B.fileUrl(probe));
      await page.waitForFunction(() => document.images[0].complete);
      h.ok('probe: the recorder sees an image load and aborts it',
        requests.includes('http://127.0.0.1:9/probe.png') && routed.includes('http://127.0.0.1:9/probe.png'),
        JSON.stringify({ requests, routed }));
    } finally {
      await ctx.close();
    }
  }

  const cases = [
    ['extracted', path.join(fixtures, 'extracted', 'input'), ['--assume', 'team-member']],
    ['portal-enhanced', path.join(fixtures, 'portal-enhanced', 'input'), ['--assume', 'team-member']],
    ['300 rows', bigInput(), []],
  ];
  for (const [label, input, extra] of cases) {
    try {
      const r = report(label.replace(/\W+/g, '-'), input, extra);
      await checkNoRequest(h, browser, label, r.html);
    } catch (e) {
      h.ok(`${label}: runs to the end`, false, e.message);
    }
  }

  // hostile names: no request, no script run, the names shown as text
  try {
    const r = report('hostile', hostileInput(), ['--assume', 'team-member']);
    // The page must show the names as the same run read them (its CSV);
    // how the reader decodes the XML is not this test's business, but a
    // difference from what was written is worth a note.
    const names = [...new Set(r.matrix.map(m => m.role_name))];
    h.eq('hostile: the matrix CSV has the two hostile roles', names.length, 2);
    const role1 = names.find(n => n.startsWith('Evil <img')) || HOSTILE_ROLE;
    const role2 = names.find(n => n.startsWith('</title>')) || HOSTILE_ROLE2;
    if (role1 !== HOSTILE_ROLE) h.note(`the reader changed role name ${JSON.stringify(HOSTILE_ROLE)} to ${JSON.stringify(role1)}`);
    if (role2 !== HOSTILE_ROLE2) h.note(`the reader changed role name ${JSON.stringify(HOSTILE_ROLE2)} to ${JSON.stringify(role2)}`);
    const privRow = r.matrix.find(m => m.table === HOSTILE_PRIV);
    h.ok('hostile: the hostile privilege is a row of the matrix CSV', !!privRow,
      JSON.stringify(r.matrix.map(m => m.table)));
    await checkNoRequest(h, browser, 'hostile', r.html, async page => {
      await page.fill('#f-role', '');
      await page.fill('#f-table', '');
      await B.frames(page);
      const got = await page.evaluate(([a, b, priv]) => ({
        pwned: window.rcPwned,
        headers: [...document.querySelectorAll('#matrix-grid thead th.role')].map(th => th.textContent.trim()),
        fit: document.querySelector('#fit-table') ? document.querySelector('#fit-table').textContent : '',
        title: document.title,
        privRow: [...document.querySelectorAll('#matrix-grid tbody tr[data-name]')].some(tr => tr.getAttribute('data-name') === priv),
        privText: document.body.textContent.includes(priv),
        // elements the names would have created if parsed as markup
        injected: [...document.querySelectorAll('img[src*="127.0.0.1"], iframe, link[href*="127.0.0.1"], script[src]')].map(e => e.outerHTML),
        styleImport: [...document.querySelectorAll('style')].some(s => s.textContent.includes('127.0.0.1')),
        bodyText: document.body.textContent.includes(a) && document.body.textContent.includes(b),
      }), [role1, role2, HOSTILE_PRIV]);
      h.ok('hostile: no injected script ran (window.rcPwned unset)', got.pwned === undefined, `rcPwned=${got.pwned}`);
      h.ok('hostile: no element created from a name', !got.injected.length && !got.styleImport,
        JSON.stringify(got.injected) + (got.styleImport ? ' + a <style> naming 127.0.0.1' : ''));
      h.sameSet('hostile: th.role texts are the role names, as text', got.headers, [role1, role2]);
      h.ok('hostile: #fit-table shows both names as text', got.fit.includes(role1) && got.fit.includes(role2),
        got.fit.slice(0, 300));
      h.ok('hostile: the page text holds both names', got.bodyText);
      h.ok('hostile: the hostile privilege is a row (data-name) and shown as text', got.privRow && got.privText,
        `row ${got.privRow}, text ${got.privText}`);
      // the filters take the names as text too
      await page.fill('#f-role', '</script>');
      const m = await B.waitMatrix(page, { rows: r.matrix.filter(x => x.role_name === role1).length, roles: 1 });
      h.ok('hostile: role filter "</script>" shows the one role whose name holds it', !m.timedOut && m.roles.length === 1 &&
        m.roles[0].name === role1, m.status ? `data-rows=${m.status.rows} data-roles=${m.status.roles}` : 'no status');
    });
  } catch (e) {
    h.ok('hostile: runs to the end', false, e.message);
  }
});
