import { describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, dashboardRoutes } from '../../src/observe/dashboard.ts';
import type { DashboardState } from '../../src/observe/dashboard-state.ts';
import { fakeSource } from './fake-source.ts';
import { makeRecord } from './records.ts';

const get = (path: string) => new Request(`http://127.0.0.1:8080${path}`);

describe('dashboard handlers', () => {
  const { deps, request, health } = fakeSource();
  const routes = dashboardRoutes(deps);

  it('serves the page, its script and its style, each with the strict CSP', async () => {
    const types: Record<string, string> = {
      '/dashboard': 'text/html; charset=utf-8',
      '/dashboard/app.js': 'text/javascript; charset=utf-8',
      '/dashboard/app.css': 'text/css; charset=utf-8',
      '/dashboard/state': 'application/json; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) {
      const res = routes[path]!(get(path));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it("allows nothing inline and nothing from another origin in its CSP", () => {
    const directives = Object.fromEntries(DASHBOARD_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe|https?:|\*/);
  });

  it('loads nothing from elsewhere: no URL with a host, no inline script, style or handler', async () => {
    const page = await routes['/dashboard']!(get('/dashboard')).text();
    const script = await routes['/dashboard/app.js']!(get('/dashboard/app.js')).text();
    const style = await routes['/dashboard/app.css']!(get('/dashboard/app.css')).text();
    const hosts = `${page}${script}${style}`.match(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/gi) ?? [];
    expect(hosts.filter((h) => h !== 'http://www.w3.org')).toEqual([]); // the SVG namespace is a name, never fetched
    expect(page).not.toMatch(/<style|style=|<script>|\son[a-z]+=/i);
    expect([...page.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1])).toEqual(['data:,', '/dashboard/app.css', '/dashboard/app.js']);
    expect(style).not.toMatch(/@import|url\(/);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|eval\(|new Function/);
  });

  it('answers the state as JSON: backends with their breakers, failovers, totals and recent requests', async () => {
    request({ attempts: [{ backend: 'fast', outcome: 503 }, { backend: 'smart', outcome: 200 }], backend: 'smart', modelAsked: 'gpt-4o' });
    health.fast = { state: 'cooling', cooling_until: '2025-06-01T12:01:00.000Z', consecutive_failures: 3, last_failure: { at: '2025-06-01T12:00:00.000Z', reason: 'HTTP 503' } };
    health.smart!.models = { 'gpt-4o': { state: 'probing', cooling_until: null, consecutive_failures: 1, last_failure: null } };
    const state = (await routes['/dashboard/state']!(get('/dashboard/state')).json()) as DashboardState;
    expect(Object.keys(state).sort()).toEqual(['backends', 'failovers', 'recent', 'time', 'totals']);
    expect(state.backends).toEqual([
      { name: 'fast', state: 'cooling', consecutive_failures: 3, cooling_until: '2025-06-01T12:01:00.000Z', last_failure: { at: '2025-06-01T12:00:00.000Z', reason: 'HTTP 503' }, models: [] },
      { name: 'smart', state: 'healthy', consecutive_failures: 0, cooling_until: null, last_failure: null,
        models: [{ name: 'gpt-4o', state: 'probing', consecutive_failures: 1, cooling_until: null, last_failure: null }] },
    ]);
    expect(state.failovers).toEqual([{ from: 'fast', to: 'smart', reason: '5xx', count: 1 }]);
    expect(state.totals).toEqual({ requests: 1, in_flight: 0 });
    expect(state.recent).toHaveLength(1);
    expect(Object.keys(state.recent[0]!).sort()).toEqual([...Object.keys(makeRecord()), 'id'].sort());
    expect(state.recent[0]).toMatchObject({ id: 1, alias: 'fast', backend: 'smart', status: 200, streamEnd: 'complete', attempts: [{ backend: 'fast', outcome: 503 }, { backend: 'smart', outcome: 200 }] });
  });

  it('answers without metrics, with empty failovers and zero totals', async () => {
    const { deps: bare } = fakeSource({ metrics: undefined });
    const state = (await dashboardRoutes(bare)['/dashboard/state']!(get('/dashboard/state')).json()) as DashboardState;
    expect(state.failovers).toEqual([]);
    expect(state.totals).toEqual({ requests: 0, in_flight: 0 });
  });
});
