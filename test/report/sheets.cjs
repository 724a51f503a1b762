// Compares the sheets of an xlsx workbook, as LibreOffice exported them to
// CSV, with the CSV files of the same `check` run, cell by cell:
//   Licence fit == --fit-csv, Findings == --findings-csv (their columns in
//   the sheet's order, under the names people read: the tables below map
//   each to its CSV column), and the Matrix sheet (one column group per
//   role) pivoted back == --csv.
// Only the UTF-8 BOM, CRLF and the CSV formula guard (a leading ' before
// = + - @) are normalised. Prints the first mismatch and exits 1.
//   node sheets.cjs SHEETDIR STEM FIT_CSV FINDINGS_CSV MATRIX_CSV
// SHEETDIR/STEM-<sheet name>.csv are LibreOffice's files (one per sheet).
'use strict';
const fs = require('fs');
const path = require('path');

const RIGHTS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo',
  'Assign', 'Share', 'privilege_depth'];
const GROUP = RIGHTS.length;
// the Matrix sheet's columns before the role groups: the table or
// privilege, its display name, origin and product (the CSV's last three
// columns, in the CSV's order CSV_INFO)
const FIRST = 4;
const INFO = ['display_name', 'origin', 'product'];
const CSV_INFO = ['origin', 'product', 'display_name'];
const infoCol = (name) => 1 + INFO.indexOf(name);
// the sheet's header -> the CSV's; a header not listed is the CSV's own
// (the licence columns of the fit)
const FIT_COLUMNS = {
  'Role': 'role_name', 'Kind': 'role_kind', 'Solution': 'solution',
  'Evaluated as': 'profile', 'Assigned by': 'profile_origin',
  'Smallest licence': 'smallest', 'Cost basis': 'cost_licences',
  'Why': 'reasons', 'Role id': 'role_id',
};
const FINDINGS_COLUMNS = {
  'Severity': 'severity', 'State': 'state', 'Rule': 'rule', 'Rule name': 'rule_name',
  'Role': 'role_name', 'Kind': 'role_kind', 'Solution': 'solution', 'Table': 'table',
  'Privilege': 'privilege', 'Depth': 'depth', 'Scope': 'scope', 'App': 'app',
  'Finding': 'message', 'Suppression reason': 'reason', 'Location': 'location',
  'Role id': 'role_id',
};
const MATRIX_HEAD = {
  Table: 'table', 'Display name': 'display_name', Origin: 'origin', Product: 'product',
  'Privilege depth': 'privilege_depth',
};

// RFC 4180: comma-separated fields, "..." quoting with "" for a quote,
// records ended by a line break (CRLF already folded to LF).
function parseCsv(text, file) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\n')
          throw new Error(`${file}: character after a closing quote at offset ${i}`);
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '')
        throw new Error(`${file}: quote inside an unquoted field at offset ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
    i++;
  }
  if (quoted)
    throw new Error(`${file}: unterminated quoted field`);
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readCsv(file) {
  let text = fs.readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff)
    text = text.slice(1);
  return parseCsv(text.replace(/\r\n/g, '\n'), file);
}

// The CSV writer puts a ' before a leading = + - @; the sheet holds the text.
function unguard(cell) {
  return /^'[=+\-@]/.test(cell) ? cell.slice(1) : cell;
}

function colName(i) {
  let s = '';
  for (i += 1; i > 0; i = Math.floor((i - 1) / 26))
    s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

function fail(msg) {
  console.error(`FAIL ${msg}`);
  process.exit(1);
}

const show = (v) => JSON.stringify(v === undefined ? '' : v);

// A sheet whose columns are the CSV's in another order under other names:
// every CSV column once, then the same cells row for row.
function compareMapped(sheetName, sheet, csv, csvFile, names) {
  const head = sheet[0] || [];
  const csvHead = csv[0] || [];
  const order = head.map((label, j) => {
    const want = names[label] || (/^Cost per user and month/.test(label) ? 'cost_per_user_month' : label);
    const i = csvHead.indexOf(want);
    if (i < 0)
      fail(`sheet "${sheetName}" column ${colName(j)} ${show(label)}: no CSV column ${show(want)} in ${path.basename(csvFile)}`);
    return i;
  });
  csvHead.forEach((name, i) => {
    if (order.filter(x => x === i).length !== 1)
      fail(`sheet "${sheetName}": CSV column ${show(name)} of ${path.basename(csvFile)} is in the sheet ` +
        `${order.filter(x => x === i).length} times`);
  });
  const rows = Math.max(sheet.length, csv.length);
  for (let r = 1; r < rows; r++) {
    const a = sheet[r] || [];
    const b = (csv[r] || []).map(unguard);
    for (let j = 0; j < order.length; j++) {
      const x = a[j] || '';
      const y = b[order[j]] || '';
      if (x !== y)
        fail(`sheet "${sheetName}" row ${r + 1} column ${colName(j)} (${show(head[j])}): ` +
          `xlsx ${show(x)}, ${path.basename(csvFile)} ${show(y)}`);
    }
  }
  return Math.max(0, csv.length - 1);
}

// The Matrix sheet: rows 1-3 name each role's group (role name, solution,
// role id, merged over its 9 columns), row 4 the column names, then a row
// per table or other privilege with the name in column A, the table's
// origin and product in B and C, and the role groups from D on.
function compareMatrix(sheet, csv, csvFile) {
  const where = (r, c) => `sheet "Matrix" row ${r + 1} column ${colName(c)}`;
  const cell = (r, c) => (sheet[r] && sheet[r][c]) || '';
  const head = csv[0] || [];
  const expectHead = ['solution', 'role_id', 'role_name', 'table'].concat(RIGHTS, CSV_INFO);
  for (let c = 0; c < expectHead.length; c++) {
    if (head[c] !== expectHead[c])
      fail(`${path.basename(csvFile)} header column ${colName(c)}: ` +
        `${show(head[c])}, expected ${show(expectHead[c])}`);
  }
  const headName = (r, c) => MATRIX_HEAD[cell(r, c)] || cell(r, c);
  ['Role', 'Solution', 'Role id', 'Table'].forEach((label, r) => {
    if (cell(r, 0) !== label)
      fail(`${where(r, 0)}: ${show(cell(r, 0))}, expected ${show(label)}`);
  });
  for (let c = 1; c < FIRST; c++) {
    if (headName(3, c) !== INFO[c - 1])
      fail(`${where(3, c)}: ${show(cell(3, c))}, expected the ${show(INFO[c - 1])} column`);
  }
  const width = sheet.reduce((w, row) => Math.max(w, row.length), 0);
  let groups = 0;
  while (FIRST + groups * GROUP < width && headName(3, FIRST + groups * GROUP) === RIGHTS[0])
    groups++;
  const group = [];
  for (let g = 0; g < groups; g++) {
    const c0 = FIRST + g * GROUP;
    for (let k = 0; k < GROUP; k++) {
      if (headName(3, c0 + k) !== RIGHTS[k])
        fail(`${where(3, c0 + k)}: ${show(cell(3, c0 + k))}, expected the ${show(RIGHTS[k])} column`);
      for (let r = 0; r < 3 && k; r++) {
        if (cell(r, c0 + k) !== '')
          fail(`${where(r, c0 + k)}: ${show(cell(r, c0 + k))} inside a merged role header`);
      }
    }
    group.push({ name: cell(0, c0), solution: cell(1, c0), id: cell(2, c0), c0 });
  }
  // every non-empty cell right of the last group is extra
  for (let r = 0; r < sheet.length; r++) {
    for (let c = FIRST + groups * GROUP; c < sheet[r].length; c++) {
      if (sheet[r][c] !== '')
        fail(`${where(r, c)}: ${show(sheet[r][c])} outside every role group`);
    }
  }
  // pivot: a (role, name) pair with any non-empty cell is one CSV row
  const key = (cells) => cells.join('\u001f');
  const have = new Map();
  for (let r = 4; r < sheet.length; r++) {
    if (cell(r, 0) !== '' && !sheet[r].slice(FIRST).some((v) => v !== ''))
      fail(`${where(r, 0)}: row ${show(cell(r, 0))} has no cell in any role group`);
    for (const g of group) {
      const cells = [];
      for (let k = 0; k < GROUP; k++)
        cells.push(cell(r, g.c0 + k));
      if (cells.every((v) => v === ''))
        continue;
      const k = key([g.solution, g.id, g.name, cell(r, 0)].concat(
        cells, CSV_INFO.map((name) => cell(r, infoCol(name)))));
      if (!have.has(k))
        have.set(k, []);
      have.get(k).push(r);
    }
  }
  for (let i = 1; i < csv.length; i++) {
    const row = csv[i].map(unguard);
    while (row.length < expectHead.length)
      row.push('');
    if (row.length > expectHead.length)
      fail(`${path.basename(csvFile)} row ${i + 1}: ${row.length} cells, expected ${expectHead.length}`);
    const k = key(row);
    const rows = have.get(k);
    if (rows && rows.length) {
      rows.shift();
      continue;
    }
    // say where it differs: the role's group and the row named like it
    const [solution, id, name, table] = row;
    const info = row.slice(4 + GROUP);
    const g = group.find((x) => x.solution === solution && x.id === id && x.name === name);
    if (!g)
      fail(`sheet "Matrix": no role group for ${path.basename(csvFile)} row ${i + 1} ` +
        `(solution ${show(solution)}, role_id ${show(id)}, role_name ${show(name)})`);
    let r = 4;
    while (r < sheet.length && cell(r, 0) !== table)
      r++;
    if (r >= sheet.length)
      fail(`sheet "Matrix": no row named ${show(table)} for ${path.basename(csvFile)} row ${i + 1}`);
    for (let kk = 0; kk < GROUP; kk++) {
      if (cell(r, g.c0 + kk) !== row[4 + kk])
        fail(`${where(r, g.c0 + kk)} (${table}, ${RIGHTS[kk]} of ${name}): ` +
          `xlsx ${show(cell(r, g.c0 + kk))}, ${path.basename(csvFile)} row ${i + 1} ${show(row[4 + kk])}`);
    }
    CSV_INFO.forEach((name, j) => {
      const c = infoCol(name);
      if (cell(r, c) !== info[j])
        fail(`${where(r, c)} (${table}, ${name}): ` +
          `xlsx ${show(cell(r, c))}, ${path.basename(csvFile)} row ${i + 1} ${show(info[j])}`);
    });
    fail(`sheet "Matrix": ${path.basename(csvFile)} row ${i + 1} matched twice`);
  }
  for (const [k, rows] of have) {
    if (rows.length) {
      const v = k.split('\u001f');
      fail(`sheet "Matrix" row ${rows[0] + 1} (${show(v[3])}, role ${show(v[2])} ${v[1]}): ` +
        `cells ${show(v.slice(4))} are not in ${path.basename(csvFile)}`);
    }
  }
  return { rows: csv.length - 1, groups };
}

function main() {
  const [dir, stem, fitCsv, findingsCsv, matrixCsv] = process.argv.slice(2);
  if (!matrixCsv) {
    console.error('usage: sheets.cjs SHEETDIR STEM FIT_CSV FINDINGS_CSV MATRIX_CSV');
    process.exit(2);
  }
  const sheetFile = (name) => {
    const f = path.join(dir, `${stem}-${name}.csv`);
    if (!fs.existsSync(f))
      fail(`LibreOffice wrote no ${f}`);
    return readCsv(f);
  };
  const fit = compareMapped('Licence fit', sheetFile('Licence fit'), readCsv(fitCsv), fitCsv, FIT_COLUMNS);
  const findings = compareMapped('Findings', sheetFile('Findings'), readCsv(findingsCsv), findingsCsv,
    FINDINGS_COLUMNS);
  const m = compareMatrix(sheetFile('Matrix'), readCsv(matrixCsv), matrixCsv);
  console.log(`ok: ${fit} fit rows, ${findings} findings, ${m.rows} matrix rows ` +
    `in ${m.groups} role groups`);
}

try {
  main();
} catch (e) {
  fail(e.message);
}
