// Hot reload on each real entry: SIGHUP, a changed file, `POST /admin/reload` and rollback;
// a bad config refused with the running one kept; streams in flight finish on their config.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockUpstream, sleep, startMockUpstream, trickleEvents } from './mock-upstream.ts';
import type { ChildTarget } from './targets.ts';

const toml = (url: string, model: string) => `[backends.fast]\nbase_url = "${url}/v1"\nmodel = "${model}"\ncooldown_after = 1\ncooldown = 60\n`;
const admin = (origin: string, action: 'reload' | 'rollback', headers: Record<string, string> = { 'x-understudy-admin': '1' }) =>
  fetch(`${origin}/admin/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

export function describeReload(target: ChildTarget): void {
  describe(`hot reload (${target.name})`, () => {
    let up: MockUpstream;
    beforeAll(async () => {
      up = await startMockUpstream('up');
    });
    afterAll(() => up.close());

    const modelSent = async (origin: string) => {
      const res = await fetch(`${origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"fast","messages":[]}' });
      await res.text();
      return JSON.parse(up.received.at(-1)!.body.toString()).model as string;
    };
    /** Polls until `read` gives `want` (a file change is seen within a few seconds), at most 10 s. */
    const eventually = async (read: () => Promise<string>, want: string) => {
      for (let i = 0; i < 100 && (await read()) !== want; i++) await sleep(100);
      return read();
    };

    it('takes a new config on SIGHUP, refuses a bad one and keeps the running one, and rolls back to the last good one', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'understudy-reload-'));
      const gw = await target.start({}, { cwd, toml: toml(up.url, 'model-one') });
      try {
        expect(await modelSent(gw.origin)).toBe('model-one');
        writeFileSync(join(cwd, 'gateway.toml'), toml(up.url, 'model-two'));
        process.kill(gw.pid!, 'SIGHUP');
        expect(await eventually(() => modelSent(gw.origin), 'model-two')).toBe('model-two');
        expect(gw.output()).toMatch(/reload \((SIGHUP|the config file changed)\): backend fast: model changed/);

        writeFileSync(join(cwd, 'gateway.toml'), `${toml(up.url, 'model-three')}retries = "many"\n`);
        const refused = await admin(gw.origin, 'reload');
        expect(refused.status).toBe(422);
        expect((await refused.json()).error.message).toContain('retries');
        expect(await modelSent(gw.origin)).toBe('model-two');

        const back = await admin(gw.origin, 'rollback');
        expect(back.status).toBe(200);
        expect((await back.json()).changed).toContain('backend fast: model changed'); // smart, made from fast, changes too
        expect(await modelSent(gw.origin)).toBe('model-one');
        expect(gw.output()).not.toContain('sk-');
      } finally {
        await gw.stop();
      }
    });

    it('reloads when the config file changes, with no signal at all', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'understudy-reload-'));
      const gw = await target.start({}, { cwd, toml: toml(up.url, 'before') });
      try {
        expect(await modelSent(gw.origin)).toBe('before');
        writeFileSync(join(cwd, 'gateway.toml'), toml(up.url, 'after'));
        expect(await eventually(() => modelSent(gw.origin), 'after')).toBe('after');
      } finally {
        await gw.stop();
      }
    });

    it('lets streams in flight finish on the config they started with, while new requests take the new one', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'understudy-reload-'));
      const gw = await target.start({}, { cwd, toml: toml(up.url, 'old') });
      try {
        up.use(async (req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          await trickleEvents(res, 20, 50, 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
        });
        const streams = await Promise.all(Array.from({ length: 5 }, () => fetch(`${gw.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"fast","stream":true,"messages":[]}' })));
        const bodies = streams.map((s) => s.text());
        writeFileSync(join(cwd, 'gateway.toml'), toml(up.url, 'new'));
        expect((await (await admin(gw.origin, 'reload')).json()).ok).toBe(true);
        for (const text of await Promise.all(bodies)) expect(text.endsWith('data: [DONE]\n\n')).toBe(true); // none cut, none spliced
        up.reset();
        expect(await modelSent(gw.origin)).toBe('new');
      } finally {
        await gw.stop();
      }
    });

    it('refuses reload and rollback without the admin header, or from a web page', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'understudy-reload-'));
      const gw = await target.start({}, { cwd, toml: toml(up.url, 'm') });
      try {
        expect((await admin(gw.origin, 'reload', {})).status).toBe(403);
        expect((await admin(gw.origin, 'reload', { 'x-understudy-admin': '1', origin: 'http://evil.example' })).status).toBe(403);
        expect((await admin(gw.origin, 'rollback', { 'x-understudy-admin': '1', origin: 'http://evil.example' })).status).toBe(403);
      } finally {
        await gw.stop();
      }
    });
  });
}
