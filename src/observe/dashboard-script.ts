/**
 * The dashboard's script (`GET /dashboard/app.js`), plain ES2017 run by the browser. It fills the page
 * from `/dashboard/events` (SSE), or polls `/dashboard/state` where the stream cannot be had (or with
 * `?poll`). Every value goes in as text (`textContent`), never as markup: model names come from clients.
 */
export const DASHBOARD_JS = `
'use strict';
(function () {
  var MAX_ROWS = 200;
  var CHART_BARS = 60;
  var view = { backends: [], failovers: [], totals: null, recent: [] };

  function $(id) { return document.getElementById(id); }
  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }
  function badge(row, state) {
    var span = document.createElement('span');
    span.className = 'state ' + state;
    span.textContent = state;
    cell(row, '').appendChild(span);
  }
  function clock(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour12: false });
  }
  function ms(n) {
    if (typeof n !== 'number') return '';
    return n < 1000 ? Math.round(n) + ' ms' : (n / 1000).toFixed(n < 10000 ? 2 : 1) + ' s';
  }
  function fill(tbody, rows, empty, columns) {
    tbody.textContent = '';
    if (rows.length === 0) {
      var tr = document.createElement('tr');
      tr.className = 'empty';
      cell(tr, empty).colSpan = columns;
      tbody.appendChild(tr);
    }
    rows.forEach(function (tr) { tbody.appendChild(tr); });
  }

  function breakerRow(b, isModel) {
    var tr = document.createElement('tr');
    tr.className = isModel ? 'model' : 'backend';
    tr.dataset.name = b.name;
    tr.dataset.state = b.state;
    cell(tr, b.name);
    badge(tr, b.state);
    cell(tr, b.consecutive_failures);
    cell(tr, b.last_failure ? clock(b.last_failure.at) : '—', 'muted');
    cell(tr, b.last_failure ? b.last_failure.reason : '', 'wrap');
    cell(tr, b.cooling_until ? clock(b.cooling_until) : '', 'muted');
    return tr;
  }
  function renderBackends() {
    var rows = [];
    view.backends.forEach(function (b) {
      rows.push(breakerRow(b, false));
      (b.models || []).forEach(function (m) { rows.push(breakerRow(m, true)); });
    });
    fill($('backends').tBodies[0], rows, 'No backends configured.', 6);
  }
  function renderFailovers() {
    var rows = view.failovers.map(function (f) {
      var tr = document.createElement('tr');
      cell(tr, f.from); cell(tr, f.to); cell(tr, f.reason); cell(tr, f.count);
      return tr;
    });
    fill($('failovers').tBodies[0], rows, 'None yet.', 4);
  }
  function renderTotals() {
    var t = view.totals;
    $('totals').textContent = t ? t.requests + ' requests · ' + t.in_flight + ' in flight' : '';
  }

  function route(attempts) {
    return attempts.map(function (a) { return a.backend + ' ' + a.outcome + (a.cause ? ' (' + a.cause + ')' : ''); }).join(' → ');
  }
  function requestRow(r) {
    var tr = document.createElement('tr');
    tr.dataset.id = r.id;
    cell(tr, clock(r.time));
    cell(tr, r.api);
    cell(tr, r.alias);
    cell(tr, (r.modelAsked || '—') + (r.modelSent && r.modelSent !== r.modelAsked ? ' → ' + r.modelSent : ''), 'wrap');
    cell(tr, route(r.attempts) + (r.translated ? ' · translated' : ''), 'wrap');
    cell(tr, r.status, 'status ' + (r.outcome === 'answered' && r.status < 400 ? 'ok' : 'failed'));
    cell(tr, r.outcome === 'client-gone' ? '' : ms(r.firstByteMs));
    cell(tr, r.totalMs == null ? '…' : ms(r.totalMs));
    cell(tr, r.streamEnd || (r.totalMs == null ? 'open' : ''), r.streamEnd && r.streamEnd !== 'complete' ? 'status failed' : 'muted');
    return tr;
  }
  function renderRecent() {
    fill($('recent').tBodies[0], view.recent.slice().reverse().map(requestRow), 'No requests yet.', 9);
  }

  function svg(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }
  // Log scale: latencies run from tens of milliseconds to minutes, and one slow answer must not flatten the rest.
  var W = 600, H = 140, ROOM = 12, GRID = [100, 1000, 10000, 60000, 600000];
  function height(v, top) { return Math.max(1, (H - ROOM) * Math.log(1 + Math.max(0, v)) / Math.log(1 + top)); }
  function renderGrid(chart, top) {
    chart.appendChild(svg('line', { x1: 0, y1: H, x2: W, y2: H, class: 'axis' }));
    GRID.filter(function (v) { return v <= top; }).forEach(function (v) {
      var y = H - height(v, top);
      chart.appendChild(svg('line', { x1: 0, y1: y, x2: W, y2: y, class: 'grid' }));
      var label = svg('text', { x: W - 2, y: y - 2, 'text-anchor': 'end' });
      label.textContent = ms(v);
      chart.appendChild(label);
    });
  }
  function renderChart() {
    var chart = $('chart');
    chart.textContent = '';
    var shown = view.recent.slice(-CHART_BARS);
    var top = Math.max.apply(null, [1000].concat(shown.map(function (r) { return r.totalMs == null ? r.firstByteMs : r.totalMs; })));
    var step = W / Math.max(shown.length, 24);
    renderGrid(chart, top);
    if (!shown.length) {
      var none = svg('text', { x: 4, y: H - 4 });
      none.textContent = 'no requests yet';
      chart.appendChild(none);
    }
    shown.forEach(function (r, i) {
      var x = i * step + 1, w = Math.max(1, step - 2);
      var hTotal = height(r.totalMs == null ? r.firstByteMs : r.totalMs, top), hFirst = Math.min(hTotal, height(r.firstByteMs, top));
      var failed = r.outcome !== 'answered' || (r.streamEnd && r.streamEnd !== 'complete');
      chart.appendChild(svg('rect', { x: x, y: H - hTotal, width: w, height: hTotal, class: failed ? 'bar failed' : 'bar' }));
      chart.appendChild(svg('rect', { x: x, y: H - hFirst, width: w, height: hFirst, class: 'bar first' }));
    });
  }

  function applyHealth(h) {
    view.backends = h.backends; view.failovers = h.failovers; view.totals = h.totals;
    renderBackends(); renderFailovers(); renderTotals();
  }
  function applyState(s) {
    view.recent = s.recent;
    applyHealth(s);
    renderRecent(); renderChart();
  }
  function applyRequest(e) {
    var at = view.recent.findIndex(function (r) { return r.id === e.entry.id; });
    if (at >= 0) view.recent[at] = e.entry; else view.recent.push(e.entry);
    if (view.recent.length > MAX_ROWS) view.recent.splice(0, view.recent.length - MAX_ROWS);
    renderRecent(); renderChart();
  }

  function connection(mode, text) {
    var el = $('connection');
    el.className = 'connection ' + mode;
    el.textContent = text;
  }
  function poll() {
    fetch('/dashboard/state', { cache: 'no-store', credentials: 'same-origin' })
      .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
      .then(function (s) { applyState(s); connection('polling', 'polling every 2 s'); })
      .catch(function () { connection('offline', 'offline: retrying'); })
      .then(function () { setTimeout(poll, 2000); });
  }
  function live() {
    var source = new EventSource('/dashboard/events');
    var failures = 0;
    source.addEventListener('state', function (e) { failures = 0; connection('live', 'live'); applyState(JSON.parse(e.data)); });
    source.addEventListener('health', function (e) { applyHealth(JSON.parse(e.data)); });
    source.addEventListener('request', function (e) { applyRequest(JSON.parse(e.data)); });
    source.onerror = function () {
      failures++;
      connection('offline', 'reconnecting…');
      if (failures >= 3) { source.close(); poll(); }
    };
  }

  if (typeof EventSource === 'function' && !new URLSearchParams(location.search).has('poll')) live(); else poll();
})();
`;
