// Export-LambdaSecReport's page script: sorting, filtering and expanding the findings table, offline.
// The URL fragment holds the view (#filter=public&severity=High&sort=resource&dir=desc), so a view can be
// bookmarked or sent to a colleague, and a headless browser can open the page in a given view.
(function () {
  'use strict';
  var table = document.getElementById('findings-table');
  if (!table) { return; }
  var filterBox = document.getElementById('filter');
  var severityBox = document.getElementById('severity');
  var shown = document.getElementById('shown');
  var noMatch = document.getElementById('no-match');
  var bodies = Array.prototype.slice.call(table.tBodies);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var state = { filter: '', severity: '', sort: '', dir: 'asc' };

  function readHash() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
      if (!pair) { return; }
      var at = pair.indexOf('=');
      var name = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      params[name] = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
    });
    state.filter = params.filter || '';
    state.severity = params.severity || '';
    state.sort = params.sort || '';
    state.dir = params.dir === 'desc' ? 'desc' : 'asc';
  }

  function writeHash() {
    var parts = [];
    if (state.filter) { parts.push('filter=' + encodeURIComponent(state.filter)); }
    if (state.severity) { parts.push('severity=' + encodeURIComponent(state.severity)); }
    if (state.sort) { parts.push('sort=' + encodeURIComponent(state.sort), 'dir=' + state.dir); }
    try {
      history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search);
    } catch (e) {
      // Some browsers refuse replaceState on file:// pages; the view still works, only the link does not follow.
    }
  }

  function columnOf(key) {
    for (var i = 0; i < headers.length; i++) {
      if (headers[i].getAttribute('data-key') === key) { return i; }
    }
    return -1;
  }

  function sortValue(body, column, numeric) {
    var cell = body.rows[0].cells[column];
    var value = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    return numeric ? Number(value) : value;
  }

  function applySort() {
    var column = columnOf(state.sort);
    headers.forEach(function (header, i) {
      header.setAttribute('aria-sort', i !== column ? 'none' : state.dir === 'desc' ? 'descending' : 'ascending');
    });
    if (column < 0) { return; }
    var numeric = headers[column].getAttribute('data-type') === 'number';
    var sign = state.dir === 'desc' ? -1 : 1;
    bodies.slice().sort(function (a, b) {
      var x = sortValue(a, column, numeric);
      var y = sortValue(b, column, numeric);
      var order = numeric ? x - y : x.localeCompare(y, undefined, { numeric: true, sensitivity: 'base' });
      // Ties keep the report's own order, whichever way the column is sorted.
      return order !== 0 ? sign * order : Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'));
    }).forEach(function (body) { table.appendChild(body); });
  }

  function applyFilter() {
    var needle = state.filter.toLowerCase();
    var visible = 0;
    bodies.forEach(function (body) {
      var match = (!needle || body.textContent.toLowerCase().indexOf(needle) >= 0) &&
        (!state.severity || body.getAttribute('data-severity') === state.severity);
      body.hidden = !match;
      if (match) { visible++; }
    });
    shown.textContent = visible + ' of ' + bodies.length + ' findings shown';
    noMatch.hidden = visible > 0 || bodies.length === 0;
  }

  function render(updateHash) {
    filterBox.value = state.filter;
    severityBox.value = state.severity;
    applySort();
    applyFilter();
    if (updateHash) { writeHash(); }
  }

  headers.forEach(function (header) {
    header.addEventListener('click', function () {
      var key = header.getAttribute('data-key');
      if (state.sort === key) {
        state.dir = state.dir === 'asc' ? 'desc' : 'asc';
      } else {
        state.sort = key;
        state.dir = header.getAttribute('data-first') || 'asc';
      }
      render(true);
    });
  });

  filterBox.addEventListener('input', function () { state.filter = filterBox.value; render(true); });
  severityBox.addEventListener('change', function () { state.severity = severityBox.value; render(true); });

  table.addEventListener('click', function (event) {
    var row = event.target.closest('tr.row');
    if (!row || event.target.closest('a')) { return; }
    var detail = row.nextElementSibling;
    var button = row.querySelector('button.toggle');
    detail.hidden = !detail.hidden;
    button.setAttribute('aria-expanded', String(!detail.hidden));
  });

  Array.prototype.forEach.call(document.querySelectorAll('[data-filter]'), function (bar) {
    bar.addEventListener('click', function () {
      state.filter = bar.getAttribute('data-filter');
      state.severity = '';
      render(true);
      table.scrollIntoView();
    });
  });

  window.addEventListener('hashchange', function () { readHash(); render(false); });
  readHash();
  render(false);
}());
