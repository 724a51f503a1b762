// Checks one `rolecheck fix` run against what rolecheck says about its
// input and its output (test/fix.sh):
//   node fix_check.mjs MODE FILES...
// MODE open FIX.json CHECK.json RULES.json PROFILE: every error or
//   warning of a PROFILE rule (RULES.json: `rolecheck rules -f json`) that `check` reports on the written roles is one the fix
//   report lists as open for the role it came from.
// MODE diff FIX.json DIFF.json: `diff INPUT FIXED` (in place) shows, for
//   the roles written, exactly the reductions the report lists (never an
//   added privilege or a raised depth), and the roles not written are the
//   ones the report leaves unchanged.
// MODE flagged FIX.json CHECK.json: every change names a rule that flags
//   the role in `check` of the input, on that table or privilege (nothing
//   unflagged is removed), and lowers (never raises) the depth.
// MODE unchanged FIX.json: the plan changes nothing (fixing FIXED).
// MODE same FIX1.json FIX2.json: copies and in-place runs write the same
//   privileges.
import { readFileSync } from 'node:fs';

const [mode, ...files] = process.argv.slice(2);
const read = (f) => JSON.parse(readFileSync(f, 'utf8'));
const guid = (id) => id.replace(/[{}]/g, '').toLowerCase();
const depths = ['None', 'Basic', 'Local', 'Deep', 'Global'];
let failures = 0;
function fail(msg) {
  console.log(`FAIL: ${msg}`);
  failures++;
}

const fix = read(files[0]);
const roles = fix.roles.filter((r) => !r.webRole);

if (mode === 'open') {
  const check = read(files[1]);
  const profileOf = new Map(read(files[2]).rules.map((r) => [r.id, r.profile]));
  const profile = files[3];
  // written id -> the plan of its source role
  const byWritten = new Map();
  for (const r of roles) {
    if (r.written) byWritten.set(guid(r.written.id), r);
    if (r.adminPart) byWritten.set(guid(r.adminPart.id), { admin: true, ...r });
  }
  for (const f of check.findings) {
    if (f.role.kind !== 'role' || f.state !== 'new') continue;
    if (f.severity === 'note' || profileOf.get(f.rule) !== profile) continue;
    const plan = byWritten.get(guid(f.role.id));
    if (!plan) {
      fail(`check reports ${f.rule} on role ${f.role.name}, which fix did not write`);
      continue;
    }
    if (plan.admin) continue; // the admin part is for administrators
    const open = plan.open.some((o) => o.rule === f.rule);
    if (!open)
      fail(`${f.rule} still fires on '${f.role.name}' (${f.table || f.privilege}) after fix, and fix did not list it as open`);
  }
} else if (mode === 'diff') {
  const diff = read(files[1]);
  const changed = new Map(roles.filter((r) => r.status === 'changed').map((r) => [guid(r.id), r]));
  const seen = new Map();
  for (const c of diff.privilegeChanges || []) {
    const id = guid(c.role.id);
    if (c.role.kind !== 'role') continue;
    if (c.role.status === 'added') {
      fail(`diff shows role ${c.role.name} added`);
      continue;
    }
    if (c.role.status === 'removed') {
      if (changed.has(id)) fail(`role ${c.role.name} was changed but is not in the output`);
      continue;
    }
    const plan = changed.get(id);
    if (!plan) {
      fail(`diff changes role ${c.role.name}, which fix left unchanged`);
      continue;
    }
    if (c.change === 'added' || c.change === 'raised')
      fail(`diff: ${c.change} ${c.privilege} on ${c.role.name}`);
    const want = plan.changes.find((x) => x.privilege === c.privilege);
    if (!want) {
      fail(`diff: ${c.privilege} of ${c.role.name} changed, not in the fix report`);
      continue;
    }
    const to = c.change === 'removed' ? 'None' : c.to;
    if (want.after !== to || want.before !== c.from)
      fail(`diff: ${c.privilege} of ${c.role.name} ${c.from} -> ${to}, the report says ${want.before} -> ${want.after}`);
    seen.set(`${id} ${c.privilege}`, true);
  }
  for (const [id, r] of changed)
    for (const x of r.changes)
      if (!seen.has(`${id} ${x.privilege}`))
        fail(`the report changes ${x.privilege} of ${r.role}, the diff does not show it`);
} else if (mode === 'flagged') {
  const check = read(files[1]);
  for (const r of roles) {
    for (const x of r.changes) {
      if (depths.indexOf(x.after) >= depths.indexOf(x.before))
        fail(`${r.role}: ${x.privilege} ${x.before} -> ${x.after} is no reduction`);
      const rules = x.rules.split(' ');
      const ok = check.findings.some(
        (f) =>
          f.role.kind === 'role' &&
          guid(f.role.id) === r.id &&
          rules.includes(f.rule) &&
          (f.table === x.table ||
            (f.tables || '').split(',').includes(x.table) ||
            f.privilege.split(', ').includes(x.privilege) ||
            // TM008 lists its tables in the message
            (x.table && f.message.includes(`${x.table},`)) ||
            (x.table && f.message.includes(`${x.table})`)))
      );
      if (!ok) fail(`${r.role}: ${x.privilege} changed for ${x.rules}, which check does not report on it`);
    }
  }
} else if (mode === 'unchanged') {
  for (const r of roles)
    if (r.status !== 'unchanged') fail(`fixing the fixed role ${r.role} changes ${r.changes.length} privileges`);
} else if (mode === 'same') {
  const other = read(files[1]).roles.filter((r) => !r.webRole);
  const key = (r) => JSON.stringify(r.written ? r.written.privileges : null);
  roles.forEach((r, i) => {
    if (key(r) !== key(other[i])) fail(`${r.role}: copy and in-place privileges differ`);
  });
} else {
  fail(`unknown mode ${mode}`);
}
process.exit(failures ? 1 : 0);
