import { type IncomingMessage, createServer } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readRequestBody } from '../../../runtimes/node/request-body.ts';

// A real node:http server on loopback; each test reads its one request's body with readRequestBody.
let close: (() => void) | undefined;
afterEach(() => close?.());

function serveOnce(): Promise<{ port: number; read: Promise<Uint8Array> }> {
  return new Promise((ready) => {
    let got: (value: Promise<Uint8Array>) => void;
    const read = new Promise<Promise<Uint8Array>>((resolve) => (got = resolve));
    const server = createServer((req: IncomingMessage, res) => {
      const body = readRequestBody(req);
      got(body);
      body.then(() => res.end('ok'), () => res.destroy());
    });
    close = () => server.close();
    server.listen(0, '127.0.0.1', () => ready({ port: (server.address() as { port: number }).port, read: read.then((p) => p) }));
  });
}

const head = (length: number) => `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe('readRequestBody', () => {
  it('gives the whole body when it arrives in several packets', async () => {
    const { port, read } = await serveOnce();
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'é'.repeat(3000) }] });
    const bytes = Buffer.from(body);
    const socket = connect(port, '127.0.0.1');
    socket.write(head(bytes.length) + '');
    socket.write(bytes.subarray(0, 100));
    await new Promise((r) => setTimeout(r, 50));
    socket.end(bytes.subarray(100));
    expect(new TextDecoder().decode(await read)).toBe(body);
    socket.destroy();
  });

  it('rejects when the client leaves before its body is complete', async () => {
    const { port, read } = await serveOnce();
    const socket = connect(port, '127.0.0.1');
    socket.write(`${head(1000)}{"model":`);
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await expect(read).rejects.toThrow(/aborted|left before its request body was complete/); // node:http says 'aborted'
  });
});
