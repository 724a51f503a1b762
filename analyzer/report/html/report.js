/* rolecheck HTML report: draws the role x table matrix from the JSON island
 * (#rc-data) and applies the filters. Rows are virtualised: only the rows
 * near the visible part of the grid are in the document, so a report with
 * thousands of tables opens at once. Every text from the export goes
 * through esc() before it reaches innerHTML. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('rc-data').textContent);
  var RIGHTS = D.rights, NR = RIGHTS.length;
  var SHORT = ['C', 'R', 'W', 'D', 'Ap', 'AT', 'As', 'Sh'];
  var DEPTH = ['None', 'Basic', 'Local', 'Deep', 'Global'];
  var roles = D.roles, rows = D.rows, cells = D.cells, finds = D.findings;
  var ALL = 150; /* up to this many rows, draw them all */
  var $ = function (id) { return document.getElementById(id); };
  var fRole = $('f-role'), fTable = $('f-table'), fCustom = $('f-custom'),
      fCud = $('f-cud'), fFind = $('f-findings'), status = $('matrix-status'),
      wrap = $('grid-wrap'), grid = $('matrix-grid');
  var thead = grid.tHead, tbody = grid.tBodies[0];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';';
    });
  }

  /* findings by row, by cell (role:row:right) and by role (role-level) */
  var byRow = {}, byCell = {}, byRole = {};
  finds.forEach(function (f, i) {
    if (f.r < 0) return;
    if (f.w >= 0) {
      (byRow[f.w] = byRow[f.w] || []).push(i);
      var key = f.r + ':' + f.w + ':' + f.k;
      if (f.k >= 0 && !(key in byCell)) byCell[key] = i;
    } else {
      (byRole[f.r] = byRole[f.r] || []).push(i);
    }
  });

  var shownRoles = [], roleShown = [], shownRows = [];

  function pattern(input) {
    var text = input.value.trim();
    input.classList.remove('bad');
    input.removeAttribute('aria-invalid');
    if (!text) return null;
    try {
      return new RegExp(text, 'i');
    } catch (e) {
      /* not a regular expression: match it as text */
      input.classList.add('bad');
      input.setAttribute('aria-invalid', 'true');
      return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    }
  }

  function rowFinds(w) {
    return (byRow[w] || []).filter(function (i) { return roleShown[finds[i].r]; });
  }

  function compute() {
    var rre = pattern(fRole), tre = pattern(fTable), r, w, i, k;
    shownRoles = [];
    roleShown = [];
    for (r = 0; r < roles.length; r++) {
      roleShown[r] = !rre || rre.test(roles[r].n);
      if (roleShown[r]) shownRoles.push(r);
    }
    shownRows = [];
    for (w = 0; w < rows.length; w++) {
      var row = rows[w], base = w * NR, any = false, cud = false;
      if (tre && !tre.test(row.n) && !tre.test(row.d)) continue;
      if (fCustom.checked && !(row.k === 'table' && row.c)) continue;
      for (i = 0; i < shownRoles.length && !(any && (cud || !fCud.checked)); i++) {
        var s = cells[shownRoles[i]];
        if (row.k !== 'table') {
          any = any || s.charCodeAt(base) !== 48;
          continue;
        }
        for (k = 0; k < NR && !any; k++) any = s.charCodeAt(base + k) !== 48;
        cud = cud || s.charCodeAt(base) !== 48 || s.charCodeAt(base + 2) !== 48 ||
              s.charCodeAt(base + 3) !== 48;
      }
      if (!any || (fCud.checked && !cud)) continue;
      if (fFind.checked && !rowFinds(w).length) continue;
      shownRows.push(w);
    }
  }

  function findingLink(i, text, cls) {
    var f = finds[i];
    return '<a class="' + cls + ' sev-' + f.s + '" href="#finding-' + i + '" title="' +
           esc(f.id + ': ' + f.m) + '">' + text + '<span class="sr"> ' + esc(f.id) +
           ' finding</span></a>';
  }

  function headerHtml() {
    var h1 = '<tr><th class="corner" scope="col" rowspan="2">Table</th>', h2 = '<tr>';
    shownRoles.forEach(function (r) {
      var ro = roles[r], rf = byRole[r];
      /* role-level findings (app access, solution rules) are marked by the
       * style sheet, so the header's text stays the role's name */
      var ids = (rf || []).map(function (i) { return finds[i].id; });
      h1 += '<th class="role' + (rf ? ' hasf' : '') + '" scope="colgroup" colspan="' + NR +
            '" data-role-id="' + esc(ro.id) + '" title="' +
            esc(ro.n + ' (' + ro.s + ')' + (rf ? '; role findings: ' + ids.join(', ') : '')) +
            '">' + esc(ro.n) + '</th>';
      for (var k = 0; k < NR; k++) {
        h2 += '<th scope="col"' + (k ? '' : ' class="first"') + ' title="' + RIGHTS[k] +
              '"><span aria-hidden="true">' + SHORT[k] + '</span><span class="sr">' +
              RIGHTS[k] + '</span></th>';
      }
    });
    return h1 + '<th scope="col" rowspan="2">Findings</th></tr>' + h2 + '</tr>';
  }

  function cellHtml(r, w, k, d, extra, span) {
    var fi = byCell[r + ':' + w + ':' + k];
    return '<td class="c d' + d + extra + (fi !== undefined ? ' f' : '') + '"' + span + '>' +
           (d ? (span ? ' ' + DEPTH[d] : '<span class="sr">' + DEPTH[d] + '</span>') : '') +
           (fi !== undefined ? findingLink(fi, '!', 'fm') : '') + '</td>';
  }

  function rowHtml(w, index) {
    var row = rows[w], base = w * NR, table = row.k === 'table';
    var h = '<tr data-name="' + esc(row.n) + '" data-kind="' + row.k + '" aria-rowindex="' +
            (index + 3) + '"><th scope="row" title="' + esc(row.d) + '">' + esc(row.n) +
            (table && row.c ? ' <span class="tag">custom</span>' : '') +
            (table ? '' : ' <span class="tag">' + row.k + '</span>') + '</th>';
    shownRoles.forEach(function (r) {
      var s = cells[r];
      if (!table) {
        h += cellHtml(r, w, 0, s.charCodeAt(base) - 48, ' m first', ' colspan="' + NR + '"');
        return;
      }
      for (var k = 0; k < NR; k++)
        h += cellHtml(r, w, k, s.charCodeAt(base + k) - 48, k ? '' : ' first', '');
    });
    h += '<td class="fx">';
    rowFinds(w).forEach(function (i) { h += findingLink(i, esc(finds[i].id), 'fl'); });
    return h + '</td></tr>';
  }

  var rowH = 28, printing = false, drawn = [-1, -1];

  function spacer(height) {
    return '<tr class="sp" aria-hidden="true"><td colspan="' + (shownRoles.length * NR + 2) +
           '" style="height:' + height + 'px"></td></tr>';
  }

  function draw(force) {
    var n = shownRows.length, first = 0, last = n, h = '', i;
    if (n > ALL && !printing) {
      var top = Math.max(0, wrap.scrollTop - thead.offsetHeight);
      first = Math.max(0, Math.floor(top / rowH) - 20);
      last = Math.min(n, first + Math.ceil(wrap.clientHeight / rowH) + 40);
    }
    if (!force && first === drawn[0] && last === drawn[1]) return;
    drawn = [first, last];
    if (!n) {
      tbody.innerHTML = '<tr><td colspan="' + (shownRoles.length * NR + 2) +
                        '">No rows match the filters.</td></tr>';
      return;
    }
    if (first > 0) h += spacer(first * rowH);
    for (i = first; i < last; i++) h += rowHtml(shownRows[i], i);
    if (last < n) h += spacer((n - last) * rowH);
    tbody.innerHTML = h;
  }

  function measure() {
    var tr = tbody.querySelector('tr[data-name]');
    var hgt = tr ? tr.getBoundingClientRect().height : 0;
    if (hgt > 0 && Math.abs(hgt - rowH) > 0.5) {
      rowH = hgt;
      draw(true);
    }
  }

  function update() {
    compute();
    thead.innerHTML = headerHtml();
    grid.setAttribute('aria-rowcount', String(shownRows.length + 2));
    draw(true);
    status.setAttribute('data-rows', String(shownRows.length));
    status.setAttribute('data-roles', String(shownRoles.length));
    status.textContent = 'Showing ' + shownRows.length + ' of ' + rows.length + ' rows, ' +
                         shownRoles.length + ' of ' + roles.length + ' roles';
  }

  var timer = 0, pending = false;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  }
  fRole.addEventListener('input', later);
  fTable.addEventListener('input', later);
  [fCustom, fCud, fFind].forEach(function (box) { box.addEventListener('change', update); });
  $('filters').addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    update();
  });
  wrap.addEventListener('scroll', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      draw(false);
    });
  }, {passive: true});
  window.addEventListener('resize', function () { draw(false); });
  window.addEventListener('beforeprint', function () {
    printing = true;
    draw(true);
  });
  window.addEventListener('afterprint', function () {
    printing = false;
    draw(true);
  });

  update();
  measure();
  document.body.setAttribute('data-ready', '1');
  window.rcReadyMs = performance.now();
})();
