import { HonoBase } from 'hono/hono-base';
import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../src/http/route-table.ts';

const matched = (table: RouteTable<string>, method: string, path: string) => table.match(method, path)[0].map(([h]) => h);

describe('RouteTable', () => {
  const table = new RouteTable<string>();
  table.add('ALL', '*', 'every');
  table.add('ALL', '/admin/*', 'admin');
  table.add('POST', '/v1/chat/completions', 'chat');
  table.add('GET', '/v1/models', 'models');
  table.add('GET', '/v1/*', 'v1-get');
  table.add('ALL', '/v1/*', 'v1-any');

  it('returns every route that applies, in the order added', () => {
    expect(matched(table, 'POST', '/v1/chat/completions')).toEqual(['every', 'chat', 'v1-any']);
    expect(matched(table, 'GET', '/v1/models')).toEqual(['every', 'models', 'v1-get', 'v1-any']);
    expect(matched(table, 'DELETE', '/v1/files/f-1')).toEqual(['every', 'v1-any']);
  });

  it('matches prefix/* on the prefix itself and below it, never on a longer name', () => {
    expect(matched(table, 'GET', '/v1')).toEqual(['every', 'v1-get', 'v1-any']);
    expect(matched(table, 'GET', '/v1x/models')).toEqual(['every']);
    expect(matched(table, 'GET', '/admin/config')).toEqual(['every', 'admin']);
  });

  it('matches exact paths exactly: no trailing slash, no other method', () => {
    expect(matched(table, 'POST', '/v1/chat/completions/')).toEqual(['every', 'v1-any']);
    expect(matched(table, 'GET', '/v1/chat/completions')).toEqual(['every', 'v1-get', 'v1-any']);
  });

  it('answers the same for a path after it is remembered, and for any number of methods', () => {
    for (let i = 0; i < 100; i++) expect(matched(table, `M${i}`, '/v1/models')).toEqual(['every', 'v1-any']);
    expect(matched(table, 'GET', '/v1/models')).toEqual(['every', 'models', 'v1-get', 'v1-any']);
  });

  it('refuses a pattern it cannot match rather than matching it wrongly', () => {
    const t = new RouteTable<string>();
    for (const path of ['/v1/:id', '/v1/*/x', '/v1*', '/v1/{a}']) expect(() => t.add('GET', path, 'x')).toThrow(/exact paths and prefix\/\* only/);
  });

  it('routes a Hono app the way the gateway registers its routes', async () => {
    const app = new HonoBase({ router: new RouteTable() });
    app.use(async (c, next) => {
      await next();
      c.res.headers.set('x-seen', '1');
    });
    app.post('/v1/chat/completions', (c) => c.text('chat'));
    app.on(['GET', 'POST'], '/v1/*', (c) => c.text(`pass ${c.req.path}`));
    app.notFound((c) => c.text('none', 404));
    const chat = await app.request('/v1/chat/completions', { method: 'POST' });
    expect([chat.status, await chat.text(), chat.headers.get('x-seen')]).toEqual([200, 'chat', '1']);
    expect(await (await app.request('/v1/embeddings', { method: 'POST' })).text()).toBe('pass /v1/embeddings');
    expect((await app.request('/v2/x')).status).toBe(404);
    expect(await (await app.request('/v1/models', { method: 'HEAD' })).text()).toBe('');
  });
});
