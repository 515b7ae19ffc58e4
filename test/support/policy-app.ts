import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createConsoleLogger } from '../../src/log.ts';
import { createFakeClock } from './fake-clock.ts';
import { scriptedFetch } from './scripted-fetch.ts';

export const A = 'http://a.test';
export const B = 'http://b.test';

/**
 * The whole gateway, built by `createApp` as every entry builds it, with a scripted fetch and
 * a fake clock: a policy test sends real requests through the real request path, and moves
 * time by hand. `toml` is added after two backends, `a` and `b` (alias `ab` = [a, b]).
 */
export function policyApp(toml = '', env: Record<string, string> = {}, extra: { a?: string; b?: string } = {}) {
  const time = createFakeClock();
  const upstream = scriptedFetch(time.clock);
  const config = loadConfig(`default_alias = "ab"\n[backends.a]\nbase_url = "${A}/v1"\n${extra.a ?? ''}\n[backends.b]\nbase_url = "${B}/v1"\n${extra.b ?? ''}\n${toml}\n[aliases]\nab = ["a", "b"]\nba = ["b", "a"]\n`, env);
  const lines: string[] = [];
  const log = createConsoleLogger({ sink: { out: (line) => void lines.push(line), err: (line) => void lines.push(line) } });
  const app = createApp({ config, fetch: upstream.fetch, clock: time.clock, log, clientAddress: () => '127.0.0.1' });
  const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'ab', ...body }) });
  return { app, time, upstream, send, lines };
}

/** The text of a response body, read while the fake clock moves on by `step` ms at a time. */
export async function readAll(res: Response, time: { advance(ms: number): Promise<void> }, step = 100, limit = 200): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  const reading = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
    done = true;
  })();
  for (let i = 0; i < limit && !done; i++) await time.advance(step);
  await reading;
  return text;
}
