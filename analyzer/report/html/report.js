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
  /* the origins Microsoft's table limits count as custom */
  var CUSTOM = { custom: 1, isv: 1, accelerator: 1 };
  var roles = D.roles, rows = D.rows, cells = D.cells, finds = D.findings;
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
      if (tre && !tre.test(row.n) && !tre.test(row.d) && !(row.t && tre.test(row.t))) continue;
      if (fCustom.checked && !(row.k === 'table' && CUSTOM[row.o])) continue;
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

  /* The window of the grid that is drawn: rows [r0, r1) of shownRows and
   * roles [c0, c1) of shownRoles; spacers stand in for the rest, so the
   * scroll area keeps its size. Small grids are drawn whole. */
  var ALL_ROWS = 150, ALL_ROLES = 16;
  var rowH = 28, groupW = 8 * 26, nameW = 288, drawn = '';

  function spacerTh(width) {
    return width > 0 ? '<th class="sp" rowspan="2" aria-hidden="true" style="width:' + width +
                       'px;min-width:' + width + 'px"></th>' : '';
  }

  function spacerTd(width) {
    return width > 0 ? '<td class="sp" aria-hidden="true" style="width:' + width + 'px;min-width:' +
                       width + 'px"></td>' : '';
  }

  function headerHtml(c0, c1) {
    var h1 = '<tr><th class="corner" scope="col" rowspan="2">Table</th>' + spacerTh(c0 * groupW),
        h2 = '<tr>';
    for (var c = c0; c < c1; c++) {
      var r = shownRoles[c], ro = roles[r], rf = byRole[r];
      /* role-level findings (app access, solution rules) are marked by the
       * style sheet, so the header's text stays the role's name */
      var ids = (rf || []).map(function (i) { return finds[i].id; });
      h1 += '<th class="role' + (rf ? ' hasf' : '') + '" scope="colgroup" colspan="' + NR +
            '" data-role-id="' + esc(ro.id) + '" title="' +
            esc(ro.n + ' (' + ro.s + ')' + (rf ? '; role findings: ' + ids.join(', ') : '')) +
            '">' + esc(ro.n) + '</th>';
      for (var k = 0; k < NR; k++) {
        h2 += '<th scope="col" class="rt' + (k ? '' : ' first') + '" title="' + RIGHTS[k] +
              '"><span aria-hidden="true">' + SHORT[k] + '</span><span class="sr">' +
              RIGHTS[k] + '</span></th>';
      }
    }
    return h1 + spacerTh((shownRoles.length - c1) * groupW) +
           '<th class="fxh" scope="col" rowspan="2">Findings</th></tr>' + h2 + '</tr>';
  }

  function cellHtml(r, w, k, d, extra, span) {
    var fi = byCell[r + ':' + w + ':' + k];
    return '<td class="c d' + d + extra + (fi !== undefined ? ' f' : '') + '"' + span + '>' +
           (d ? (span ? ' ' + DEPTH[d] : '<span class="sr">' + DEPTH[d] + '</span>') : '') +
           (fi !== undefined ? findingLink(fi, '!', 'fm') : '') + '</td>';
  }

  function rowHtml(w, index, c0, c1) {
    var row = rows[w], base = w * NR, table = row.k === 'table';
    var h = '<tr data-name="' + esc(row.n) + '" data-kind="' + row.k + '" aria-rowindex="' +
            (index + 3) + '"><th scope="row" title="' + esc(row.t ? row.d + ': ' + row.t : row.d) +
            '">' + esc(row.n) +
            (table && row.o !== 'platform'
               ? ' <span class="tag"' + (row.p ? ' title="' + esc(row.p) + '"' : '') + '>' +
                 esc(row.o) + '</span>'
               : '') +
            (table ? '' : ' <span class="tag">' + row.k + '</span>') + '</th>' +
            spacerTd(c0 * groupW);
    for (var c = c0; c < c1; c++) {
      var r = shownRoles[c], s = cells[r];
      if (!table) {
        h += cellHtml(r, w, 0, s.charCodeAt(base) - 48, ' m first', ' colspan="' + NR + '"');
        continue;
      }
      for (var k = 0; k < NR; k++)
        h += cellHtml(r, w, k, s.charCodeAt(base + k) - 48, k ? '' : ' first', '');
    }
    h += spacerTd((shownRoles.length - c1) * groupW) + '<td class="fx">';
    rowFinds(w).forEach(function (i) { h += findingLink(i, esc(finds[i].id), 'fl'); });
    return h + '</td></tr>';
  }

  function draw(force) {
    var n = shownRows.length, m = shownRoles.length, r0 = 0, r1 = n, c0 = 0, c1 = m, h = '', i;
    if (n > ALL_ROWS) {
      var top = Math.max(0, wrap.scrollTop - thead.offsetHeight);
      r0 = Math.max(0, Math.floor(top / rowH) - 6);
      r1 = Math.min(n, r0 + Math.ceil(wrap.clientHeight / rowH) + 12);
    }
    if (m > ALL_ROLES) {
      var left = Math.max(0, wrap.scrollLeft);
      c0 = Math.max(0, Math.floor(left / groupW) - 1);
      c1 = Math.min(m, c0 + Math.ceil((wrap.clientWidth - nameW) / groupW) + 3);
    }
    var key = [r0, r1, c0, c1].join();
    if (!force && key === drawn) return;
    drawn = key;
    thead.innerHTML = headerHtml(c0, c1);
    var cols = 2 + (c1 - c0) * NR + (c0 > 0) + (c1 < m);
    if (!n) {
      tbody.innerHTML = '<tr><td colspan="' + cols + '">' +
                        (roles.length ? 'No rows match the filters.'
                                      : 'No security roles in these inputs.') +
                        '</td></tr>';
      return;
    }
    var vspace = function (rowsLeft) {
      return '<tr class="sp" aria-hidden="true"><td colspan="' + cols + '" style="height:' +
             rowsLeft * rowH + 'px"></td></tr>';
    };
    if (r0 > 0) h += vspace(r0);
    for (i = r0; i < r1; i++) h += rowHtml(shownRows[i], i, c0, c1);
    if (r1 < n) h += vspace(n - r1);
    tbody.innerHTML = h;
  }

  /* Row height, role-group width and name-column width as laid out. */
  function measure() {
    var tr = tbody.querySelector('tr[data-name]'), th = thead.querySelector('th.role');
    var hgt = tr ? tr.getBoundingClientRect().height : 0;
    var wid = th ? th.getBoundingClientRect().width : 0;
    var corner = thead.querySelector('th.corner');
    var again = false;
    if (hgt > 0 && Math.abs(hgt - rowH) > 0.5) {
      rowH = hgt;
      again = true;
    }
    if (wid > 0 && Math.abs(wid - groupW) > 0.5) {
      groupW = wid;
      again = true;
    }
    if (corner) nameW = corner.getBoundingClientRect().width;
    if (again) draw(true);
  }

  function update() {
    compute();
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
  /* On paper the matrix is one table per shown role (the rows it has a
   * right on), each on its own page: a wide grid cannot print. Built when
   * printing starts; the screen grid is hidden in print. */
  var printed = '';
  function printTables() {
    var key = shownRoles.join() + '|' + shownRows.length;
    if (key === printed) return;
    printed = key;
    var h = '';
    shownRoles.forEach(function (r) {
      var ro = roles[r], s = cells[r], body = '', n = 0;
      shownRows.forEach(function (w) {
        var row = rows[w], base = w * NR, table = row.k === 'table', any = false, k;
        for (k = 0; k < (table ? NR : 1); k++) any = any || s.charCodeAt(base + k) !== 48;
        if (!any) return;
        n++;
        body += '<tr><th scope="row">' + esc(row.n) +
                (row.t ? ' <span class="dn">' + esc(row.t) + '</span>' : '') +
                (table ? '' : ' <span class="tag">' + row.k + '</span>') + '</th>';
        if (!table) {
          body += cellHtml(r, w, 0, s.charCodeAt(base) - 48, ' m', ' colspan="' + NR + '"');
        } else {
          for (k = 0; k < NR; k++) body += cellHtml(r, w, k, s.charCodeAt(base + k) - 48, '', '');
        }
        body += '<td class="fx">' + (byRow[w] || []).filter(function (i) {
          return finds[i].r === r;
        }).map(function (i) { return esc(finds[i].id); }).join(' ') + '</td></tr>';
      });
      h += '<section class="print-role"><h3>' + esc(ro.n) + ' <span class="sol">' + esc(ro.s) +
           '</span></h3>' + (n ? '<table><thead><tr><th scope="col">Table</th>' +
           RIGHTS.map(function (x) { return '<th scope="col">' + x + '</th>'; }).join('') +
           '<th scope="col">Findings</th></tr></thead><tbody>' + body + '</tbody></table>'
             : '<p>No rights.</p>') + '</section>';
    });
    $('matrix-print').innerHTML = h;
  }
  window.addEventListener('beforeprint', printTables);
  if (window.matchMedia) {
    var pm = window.matchMedia('print');
    var onPrint = function () { if (pm.matches) printTables(); };
    if (pm.addEventListener) pm.addEventListener('change', onPrint);
    else if (pm.addListener) pm.addListener(onPrint);
  }
  /* the printed page's footer: the day it is printed (the file holds no
   * date of its own) */
  var day = new Date(), two = function (v) { return (v < 10 ? '0' : '') + v; };
  var stamp = document.createElement('style');
  stamp.textContent = '@page { @bottom-left { content: "Printed ' + day.getFullYear() + '-' +
                      two(day.getMonth() + 1) + '-' + two(day.getDate()) + '"; } }';
  document.head.appendChild(stamp);

  update();
  measure();
  document.body.setAttribute('data-ready', '1');
  window.rcReadyMs = performance.now();
})();
