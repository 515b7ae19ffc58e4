import { type EventStreamOptions, dashboardEventStream } from './dashboard-events.ts';
import { DASHBOARD_CSS, DASHBOARD_HTML } from './dashboard-page.ts';
import { DASHBOARD_JS } from './dashboard-script.ts';
import { type DashboardSource, readState, stateJson } from './dashboard-state.ts';

/** What the dashboard's handlers need: its data, and how its live stream runs. */
export type DashboardDeps = DashboardSource & EventStreamOptions;

/** A handler for one dashboard path; `gone` (default `req.signal`) ends the event stream when the client leaves. */
export type DashboardHandler = (req: Request, gone?: AbortSignal) => Response;

/**
 * Nothing but the page's own files and its own endpoints: no inline script or style, no other
 * origin, no framing. Sent on every dashboard response.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every dashboard response; `no-store`: it shows live state, never a cached one. */
function headers(contentType: string): Headers {
  return new Headers({
    'content-type': contentType,
    'content-security-policy': DASHBOARD_CSP,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  });
}

const fixed = (body: string, contentType: string): DashboardHandler => () => new Response(body, { headers: headers(contentType) });

/** `GET /dashboard`: the page. */
export const dashboardPage = (): DashboardHandler => fixed(DASHBOARD_HTML, 'text/html; charset=utf-8');

/** `GET /dashboard/app.js`: the page's script. */
export const dashboardScript = (): DashboardHandler => fixed(DASHBOARD_JS, 'text/javascript; charset=utf-8');

/** `GET /dashboard/app.css`: the page's style sheet. */
export const dashboardStyle = (): DashboardHandler => fixed(DASHBOARD_CSS, 'text/css; charset=utf-8');

/** `GET /dashboard/state`: backends, failovers, totals and recent requests, as JSON (unknowns `null`). */
export function dashboardState(deps: DashboardDeps): DashboardHandler {
  return () => new Response(stateJson(readState(deps)), { headers: headers('application/json; charset=utf-8') });
}

/** `GET /dashboard/events`: the same, live, as server-sent events; it ends when the client leaves. */
export function dashboardEvents(deps: DashboardDeps): DashboardHandler {
  return (req, gone = req.signal) => {
    const res = headers('text/event-stream; charset=utf-8');
    res.set('x-accel-buffering', 'no'); // a reverse proxy must not hold events back
    return new Response(dashboardEventStream(deps, gone, deps), { headers: res });
  };
}

/** Every dashboard path and its handler, to register as GET routes behind the admin rule. */
export function dashboardRoutes(deps: DashboardDeps): Record<string, DashboardHandler> {
  return {
    '/dashboard': dashboardPage(),
    '/dashboard/app.js': dashboardScript(),
    '/dashboard/app.css': dashboardStyle(),
    '/dashboard/state': dashboardState(deps),
    '/dashboard/events': dashboardEvents(deps),
  };
}
