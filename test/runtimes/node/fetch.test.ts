import { afterEach, describe, expect, it } from 'vitest';
import { type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeFetch } from '../../../runtimes/node/fetch.ts';
import type { ChunkReader } from '../../../src/runtime-contract.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((ok) => (server ? (server.closeAllConnections(), server.close(() => ok())) : ok())));

const serve = (handler: RequestListener) =>
  new Promise<string>((ok) => {
    server = createServer(handler);
    server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`));
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (value: Uint8Array | undefined) => new TextDecoder().decode(value);
const readerOf = async (url: string) => nodeFetch.readBody!(await nodeFetch(url, { method: 'GET' }))!;
const readAll = async (reader: ChunkReader) => {
  let all = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) all += text(r.value);
  return all;
};

describe('nodeFetch', () => {
  it("reads a body chunk by chunk, as the server wrote it, through readBody", async () => {
    const url = await serve(async (_req, res) => {
      res.write('first');
      await sleep(50);
      res.end('second');
    });
    const reader = await readerOf(url);
    expect(text((await reader.read()).value)).toBe('first');
    expect(text((await reader.read()).value)).toBe('second');
    expect((await reader.read()).done).toBe(true);
  });

  it('fails the read, after the bytes that came, when the connection closes mid-body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('ten bytes!');
      setTimeout(() => res.socket!.destroy(), 50);
    });
    const reader = await readerOf(url);
    expect(text((await reader.read()).value)).toBe('ten bytes!');
    await expect(reader.read()).rejects.toThrow();
  });

  it('closes the upstream connection when the reader is cancelled', async () => {
    let closed: Promise<void> | undefined;
    const url = await serve((req, res) => {
      closed = new Promise((ok) => req.socket.once('close', () => ok()));
      res.write('start');
    });
    const reader = await readerOf(url);
    await reader.read();
    await reader.cancel();
    expect((await reader.read()).done).toBe(true);
    await expect(Promise.race([closed, sleep(1000).then(() => 'still open')])).resolves.toBeUndefined();
  });

  it("sends Host, the body's length and the URL's credentials, each once, with the given headers", async () => {
    let seen: string[] = [];
    const url = await serve((req, res) => {
      seen = req.rawHeaders;
      req.resume().on('end', () => res.end());
    });
    const { host } = new URL(url);
    await nodeFetch(url.replace('//', '//us%3Aer:p%40ss@'), { method: 'POST', headers: { 'x-a': '1', 'content-type': 'application/json' }, body: 'héllo' });
    const pairs = Array.from({ length: seen.length / 2 }, (_, i) => `${seen[2 * i]!.toLowerCase()}: ${seen[2 * i + 1]}`);
    expect(pairs.filter((p) => !p.startsWith('connection:'))).toEqual([
      'x-a: 1',
      'content-type: application/json',
      `host: ${host}`,
      `authorization: Basic ${Buffer.from('us:er:p@ss').toString('base64')}`,
      'content-length: 6',
    ]);
  });

  it('still gives a web stream as body, and the whole body as arrayBuffer or bytes', async () => {
    const url = await serve(async (_req, res) => {
      res.write('a');
      await sleep(20);
      res.end('b');
    });
    const streamed = await nodeFetch(url, { method: 'GET' });
    expect(await readAll(streamed.body!.getReader())).toBe('ab');
    const whole = await nodeFetch(url, { method: 'GET' });
    expect(text(new Uint8Array(await whole.arrayBuffer()))).toBe('ab');
    // bytes(): what came off the socket, however many chunks, once
    const bytes = await nodeFetch(url, { method: 'GET' });
    expect(text(await bytes.bytes())).toBe('ab');
    await expect(bytes.bytes()).rejects.toThrow(/already been read/);
    const one = await nodeFetch(await serve((_req, res) => res.end('ok')), { method: 'GET' });
    expect(await one.text()).toBe('ok');
  });
});
