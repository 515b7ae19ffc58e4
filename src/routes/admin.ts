import type { Context, Hono } from 'hono';
import type { GatewayConfig } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import { configReport } from './info.ts';

/** What a reload or a rollback did: what changed, or why the running configuration stays. */
export type ReloadResult = { ok: true; changed: string[] } | { ok: false; error: string };

/** The running gateway's own controls, when it has them (the runtime entries do; a bare app does not). */
export interface AdminControl {
  reload(trigger: string): Promise<ReloadResult>;
  rollback(): Promise<ReloadResult>;
}

/**
 * `/admin/*`: the resolved configuration, and reload and rollback. Only on this machine or to
 * a client key (the caller checks); a state-changing call must also come with the
 * `x-understudy-admin` header and no foreign `Origin`, so no web page can make one (a custom
 * header needs a CORS preflight, which is never granted).
 */
export function registerAdmin(app: Hono, config: GatewayConfig, control: AdminControl | undefined): void {
  app.get('/admin/config', () => configReport(config));
  app.post('/admin/reload', async (c) => answer(c, control && (() => control.reload('understudy reload'))));
  app.post('/admin/rollback', async (c) => answer(c, control && (() => control.rollback())));
}

async function answer(c: Context, act: (() => Promise<ReloadResult>) | undefined): Promise<Response> {
  if (c.req.header('x-understudy-admin') !== '1') throw new GatewayError(403, 'Send the header "x-understudy-admin: 1" (understudy reload does).', { code: 'forbidden' });
  const origin = c.req.header('origin');
  if (origin !== undefined && !isSameHost(origin, c.req.header('host'))) throw new GatewayError(403, 'Refused: a web page may not change the gateway.', { code: 'forbidden' });
  if (!act) throw new GatewayError(501, 'This gateway was started without reload support.', { code: 'not_supported' });
  const result = await act();
  if (!result.ok) return Response.json({ error: { message: result.error, type: 'invalid_request_error', param: null, code: 'config_invalid' } }, { status: 422 });
  return Response.json(result);
}

function isSameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
