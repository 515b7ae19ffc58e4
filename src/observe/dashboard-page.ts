/**
 * The dashboard's page and style sheet. The page loads nothing but its own `/dashboard/app.css` and
 * `/dashboard/app.js`, so its Content-Security-Policy can allow `'self'` and nothing inline.
 */

/** `GET /dashboard`. Every value is filled in by the script, as text. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>understudy · dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
</head>
<body>
<header>
  <h1>understudy</h1>
  <span id="connection" class="connection">connecting…</span>
  <span id="totals" class="totals"></span>
</header>
<main>
  <section>
    <h2>Backends</h2>
    <table id="backends">
      <thead><tr><th>Backend</th><th>State</th><th>Failures in a row</th><th>Last failure</th><th>Why</th><th>Cooling until</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <div class="pair">
    <section>
      <h2>Failovers</h2>
      <table id="failovers">
        <thead><tr><th>From</th><th>To</th><th>Reason</th><th>Count</th></tr></thead>
        <tbody></tbody>
      </table>
    </section>
    <section>
      <h2>Latency <small>last requests, log scale: first byte (dark), then the rest of the body</small></h2>
      <svg id="chart" viewBox="0 0 600 160" role="img" aria-label="Latency of recent requests"></svg>
    </section>
  </div>
  <section>
    <h2>Recent requests</h2>
    <table id="recent">
      <thead><tr><th>Time</th><th>API</th><th>Alias</th><th>Model asked → sent</th><th>Route (attempts)</th><th>Status</th><th>First byte</th><th>Total</th><th>Stream end</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>
<script src="/dashboard/app.js"></script>
</body>
</html>
`;

/** `GET /dashboard/app.css`. */
export const DASHBOARD_CSS = `:root { color-scheme: light dark; --fg: #1d2125; --muted: #5f6b76; --bg: #f7f8fa; --card: #fff; --line: #dde1e6;
  --ok: #1a7f37; --warn: #b35900; --bad: #c62828; --info: #1f5fbf; --bar: #8fb3e8; --bar-first: #1f5fbf; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --muted: #9aa5b1; --bg: #15181c; --card: #1d2126; --line: #30363d;
  --ok: #3fb950; --warn: #e3a33c; --bad: #f0605a; --info: #6ea8fe; --bar: #3a5a8c; --bar-first: #6ea8fe; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1rem; align-items: baseline; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); background: var(--card); }
h1 { font-size: 1.15rem; margin: 0; }
h2 { font-size: .95rem; margin: 0 0 .5rem; }
h2 small { font-weight: normal; color: var(--muted); }
main { padding: 1rem 1.25rem; display: grid; gap: 1rem; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; overflow-x: auto; }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 1rem; }
@media (max-width: 800px) { .pair { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: .8rem; }
td.wrap { white-space: normal; }
tr.model td:first-child { padding-left: 1.5rem; color: var(--muted); }
.connection, .totals { color: var(--muted); font-size: .85rem; }
.connection.live { color: var(--ok); }
.connection.polling { color: var(--info); }
.connection.offline { color: var(--bad); }
.state { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; }
.state.healthy { color: var(--ok); }
.state.cooling { color: var(--bad); }
.state.probing { color: var(--warn); }
.status.ok { color: var(--ok); }
.status.failed { color: var(--bad); }
.muted { color: var(--muted); }
.empty td { color: var(--muted); font-style: italic; }
svg { width: 100%; height: 160px; display: block; }
svg .bar { fill: var(--bar); }
svg .bar.first { fill: var(--bar-first); }
svg .bar.failed { fill: var(--bad); }
svg .axis { stroke: var(--muted); }
svg .grid { stroke: var(--line); stroke-dasharray: 3 3; }
svg text { fill: var(--muted); font-size: 10px; }
`;
