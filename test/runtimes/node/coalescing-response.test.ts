import { afterEach, describe, expect, it } from 'vitest';
import { type IncomingMessage, type RequestListener, type Server, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoalescingResponse } from '../../../runtimes/node/coalescing-response.ts';

// That a first chunk leaves with the headers is pinned on the Node entry (gateway suite,
// "headers together with its first event"): a client in this process would read both as one.
let server: Server | undefined;
afterEach(() => new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())));

const serve = (handler: RequestListener) =>
  new Promise<string>((ok) => {
    server = createServer({ ServerResponse: CoalescingResponse }, handler);
    server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`));
  });
const getResponse = (url: string) => new Promise<IncomingMessage>((ok, fail) => get(url, ok).on('error', fail));

describe('CoalescingResponse', () => {
  it('still sends flushed headers at once when no body follows yet', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      setTimeout(() => res.end('data: late\n\n'), 1000);
    });
    const started = Date.now();
    const res = await getResponse(origin);
    expect(Date.now() - started).toBeLessThan(500);
    expect(res.headers['content-type']).toBe('text/event-stream');
    let body = '';
    for await (const chunk of res) body += chunk;
    expect(body).toBe('data: late\n\n');
  });

  it('sends the headers once when flushed, then written to in the same turn', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'x-test': '1' });
      res.flushHeaders();
      res.flushHeaders();
      res.write('a');
      res.end('b');
    });
    const res = await getResponse(origin);
    let body = '';
    for await (const chunk of res) body += chunk;
    expect([res.statusCode, res.headers['x-test'], body]).toEqual([200, '1', 'ab']);
  });
});
