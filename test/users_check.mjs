// Checks of `rolecheck users` reports, for test/users.sh:
//   verdicts REPORT.json EXPECTED.tsv   every user's verdict, reason for not
//                                       being evaluated and causing roles
//                                       are the expected ones (and no more
//                                       users)
//   joins REPORT.json                   bob's roles joined by root id from a
//                                       business-unit copy, kim's by name,
//                                       quinn's licence by object id, hal's
//                                       role through his team
//   roles REPORT.json                   the per-role counts add up to the
//                                       users' roles
//   sarif SARIF REPORT.json             one result per user with a verdict
//                                       at note or above, at a role's file
//   redacted FILE...                    no name, UPN or object id of the
//                                       fixtures in the files
//   plan REPORT.json FIX.json ROLE      the plan's changes for ROLE (Team
//                                       Members group) are those of
//                                       `rolecheck fix --to team-member`
//   usage REPORT.json                   the non-conformant usage rows
//                                       joined: to the user, and to the
//                                       role that grants the operation
//   csv CSV REPORT.json                 one CSV row per user, same order and
//                                       verdicts as the JSON
import fs from 'fs';
import zlib from 'zlib';

const read = (f) => fs.readFileSync(f, 'utf8');
const json = (f) => JSON.parse(read(f));
const fail = (msg) => {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
};
const [cmd, ...args] = process.argv.slice(2);

const causes = (u) =>
  u.roles.filter((r) => r.causes).map((r) => r.name).sort().join(';');

function verdicts(report, expected) {
  const rep = json(report);
  const rows = read(expected).trim().split('\n').slice(1).map((l) => l.split('\t'));
  if (rep.users.length !== rows.length)
    fail(`${rep.users.length} users reported, ${rows.length} expected`);
  for (const [upn, verdict, skip, cause] of rows) {
    const u = rep.users.find((x) => x.upn === upn);
    if (!u) fail(`${upn}: not reported`);
    if (u.verdict !== verdict) fail(`${upn}: ${u.verdict}, expected ${verdict}`);
    if (u.notEvaluated !== (skip || ''))
      fail(`${upn}: not evaluated '${u.notEvaluated}', expected '${skip}'`);
    const want = (cause || '').split(';').filter(Boolean).sort().join(';');
    if (causes(u) !== want) fail(`${upn}: caused by '${causes(u)}', expected '${want}'`);
  }
  // counts agree with the users listed
  for (const [v, n] of Object.entries(rep.summary.verdicts)) {
    const seen = rep.users.filter((u) => u.verdict === v).length;
    if (seen !== n) fail(`summary says ${n} ${v}, ${seen} listed`);
  }
}

function joins(report) {
  const rep = json(report);
  const by = (upn) => rep.users.find((u) => u.upn === upn) || fail(`${upn} missing`);
  const bob = by('bob@contoso.com');
  const cw = bob.roles.find((r) => r.name === 'Case Worker');
  if (!cw || cw.join !== 'root-id' || cw.id === cw.rootId)
    fail('bob: the business-unit copy of Case Worker is not joined by its root id');
  const kim = by('kim@contoso.com');
  if (kim.roles[0].join !== 'name') fail('kim: Service Reader not joined by name');
  const quinn = by('quinn@fabrikam.com');
  if (quinn.licenceMatch !== 'object id') fail('quinn: licence not matched by object id');
  const hal = by('hal@contoso.com');
  const sr = hal.roles.find((r) => r.name === 'Sales Rep');
  if (!sr || sr.team !== 'Sales EMEA') fail('hal: Sales Rep not held through Sales EMEA');
  const cara = by('cara@contoso.com');
  if (!cara.combination || !cara.rules.includes('TM008'))
    fail('cara: not out of licence by TM008 over her roles together');
  const gus = by('gus@contoso.com');
  if (gus.licences.length || gus.attachWithoutBase.join() !== 'SE')
    fail('gus: the Sales attach licence without a base must not count');
  const ann = by('ann@contoso.com');
  if (ann.licences.join() !== 'TM' || ann.licenceMatch !== 'object id')
    fail('ann: Team Members by object id (upper case in the CSV) expected');
}

function roles(report) {
  const rep = json(report);
  const held = new Map();
  for (const u of rep.users) {
    if (u.verdict === 'not-evaluated') continue;
    for (const r of u.roles) {
      if (r.join === 'none') continue;
      const e = held.get(r.id === r.rootId || !r.rootId ? r.name : r.name) ||
        { users: 0, out: 0 };
      e.users++;
      if (u.verdict === 'out-of-licence' && r.causes) e.out++;
      held.set(r.name, e);
    }
  }
  for (const r of rep.roles) {
    const e = held.get(r.name) || fail(`role ${r.name} listed, held by nobody`);
    if (e.users !== r.users || e.out !== r.outOfLicence)
      fail(`role ${r.name}: ${r.users}/${r.outOfLicence}, users say ${e.users}/${e.out}`);
    held.delete(r.name);
  }
  if (held.size) fail(`roles held but not listed: ${[...held.keys()]}`);
  for (let i = 1; i < rep.roles.length; i++) {
    if (rep.roles[i - 1].outOfLicence < rep.roles[i].outOfLicence)
      fail('roles are not sorted by users out of licence');
  }
}

function sarif(file, report) {
  const s = json(file);
  const rep = json(report);
  const sev = { 'out-of-licence': 'error', unlicensed: 'error', review: 'warning',
    'unknown-role': 'warning', 'over-licensed': 'note' };
  const want = rep.users.filter((u) => sev[u.verdict]);
  const results = s.runs[0].results;
  if (s.version !== '2.1.0') fail('not SARIF 2.1.0');
  if (results.length !== want.length)
    fail(`${results.length} SARIF results, ${want.length} users to act on`);
  for (const r of results) {
    const u = want.find((x) => r.message.text.startsWith(`${x.upn} is `));
    if (!u) fail(`result for nobody: ${r.message.text}`);
    const id = { 'out-of-licence': 'USR001', unlicensed: 'USR002', review: 'USR003',
      'unknown-role': 'USR004', 'over-licensed': 'USR005' }[u.verdict];
    if (r.ruleId !== id || r.properties.verdict !== u.verdict || r.level !== sev[u.verdict])
      fail(`${u.upn}: ${r.ruleId}/${r.level}`);
    const uri = r.locations[0].physicalLocation.artifactLocation.uri;
    const known = u.roles.some((x) => x.join !== 'none');
    if (known ? !uri.endsWith('customizations.xml') : !uri.endsWith('.json'))
      fail(`${u.upn}: located at ${uri}`);
  }
}

// The entries of a zip file (stored or deflated), as one string.
function unzipText(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) fail('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  let out = '';
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out += (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    at += 46 + nameLen + extra;
  }
  return out;
}

function redacted(...files) {
  const secrets = ['contoso.com', 'fabrikam', 'Ann Lee', 'Bob Ray', 'Quinn',
    '0d000000-', '5e000000-'];
  for (const f of files) {
    const raw = fs.readFileSync(f);
    const text = f.endsWith('.xlsx') ? unzipText(raw) : raw.toString('latin1');
    if (f.endsWith('.xlsx') && !text.includes('user-')) fail(`${f}: no pseudonym inside`);
    for (const s of secrets) if (text.includes(s)) fail(`${f} still holds '${s}'`);
  }
}

function plan(report, fix, role) {
  const rep = json(report);
  const f = json(fix);
  const group = rep.plan.find((g) => g.holds === 'TM' &&
    g.changeRoles.some((r) => r.role === role)) || fail(`no Team Members group changing ${role}`);
  const mine = group.changeRoles.find((r) => r.role === role).changes;
  const fr = f.roles.find((r) => r.role === role) || fail(`fix has no ${role}`);
  const theirs = fr.changes.map((c) => c.privilege).sort();
  const names = mine.map((c) => c.split(' ')[0]).sort();
  if (names.join() !== theirs.join())
    fail(`${role}: plan changes ${names}, fix changes ${theirs}`);
  if (!group.orLicence) fail('no licence named as the other way out');
}

function csv(file, report) {
  const rep = json(report);
  const lines = read(file).replace(/^\ufeff/, '').trim().split(/\r?\n/);
  if (lines.length !== rep.users.length + 1)
    fail(`${lines.length - 1} CSV rows, ${rep.users.length} users`);
  rep.users.forEach((u, i) => {
    if (!lines[i + 1].startsWith(`${u.verdict},`)) fail(`CSV row ${i + 2}: not ${u.verdict}`);
  });
}

function usage(report) {
  const rep = json(report);
  const want = [
    ['hal@contoso.com', 'opportunity', 'Sales Rep (team Sales EMEA)', true],
    ['bob@contoso.com', 'incident', 'Case Worker', true],
    ['ann@contoso.com', 'account', '', true],
    ['cara@contoso.com', 'contoso_bin4', 'Bin Clerk', true],
    ['nobody@contoso.com', 'incident', '', false],
  ];
  if (!rep.usage || rep.usage.length !== want.length)
    fail(`${rep.usage ? rep.usage.length : 0} usage rows, ${want.length} expected`);
  want.forEach(([user, table, by, known], i) => {
    const u = rep.usage[i];
    if (u.user !== user || u.table !== table || u.grantedBy !== by ||
        u.inRoleExports !== known || u.line !== i + 2 || !u.file.endsWith('usage.csv'))
      fail(`usage row ${i + 2}: ${JSON.stringify(u)}`);
  });
}

const cmds = { verdicts, joins, roles, sarif, redacted, plan, csv, usage };
if (!cmds[cmd]) fail(`unknown check ${cmd}`);
cmds[cmd](...args);
