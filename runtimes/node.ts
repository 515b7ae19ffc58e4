// Node entry: `npm run build && node dist/node.js`.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { bootGateway } from '../src/boot.ts';
import { describeStartup } from '../src/startup.ts';
import { ClientGone } from './node/client-gone.ts';
import { CoalescingResponse } from './node/coalescing-response.ts';
import { nodeFetch } from './node/fetch.ts';
import { requestHeadersOf } from './node/headers.ts';
import { readRequestBody } from './node/request-body.ts';
import { batchedFetch } from './shared/batched-fetch.ts';
import { batchedConsole } from './shared/batched-lines.ts';

const readText = (path: string) =>
  readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));

const boot = await bootGateway({
  env: process.env,
  readText,
  fetch: batchedFetch(nodeFetch, setImmediate),
  clientAddress: (c) => (c.env as HttpBindings).incoming.socket.remoteAddress,
  clientGone: (c) => new ClientGone(c.env as HttpBindings),
  requestHeaders: (c) => requestHeadersOf((c.env as HttpBindings).incoming),
  headerLines: (c) => (c.env as HttpBindings).incoming.rawHeaders.length / 2,
  requestBody: (c) => readRequestBody((c.env as HttpBindings).incoming),
  logSink: batchedConsole(setImmediate, (flush) => process.once('exit', flush)),
});
if ('error' in boot) {
  console.error(boot.error);
  process.exit(1);
}
const { config, log, endStreams } = boot;

const server = serve(
  {
    fetch: boot.fetch,
    hostname: config.server.host,
    port: config.server.port,
    // Slow clients: headers and the whole request must arrive within client_timeout, checked
    // often enough to matter (Node checks every 30 s by default).
    serverOptions: {
      headersTimeout: config.server.clientTimeoutMs,
      requestTimeout: config.server.clientTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.server.clientTimeoutMs / 2),
      // Node's parser counts the bytes of the URL, names and values (not ": " or line ends), so at
      // the gateway's own limit it refuses only what the app would; and it reads every line,
      // where the app sees repeated names joined.
      maxHeaderSize: config.server.maxHeaderBytes,
      // A stream's headers leave with its first chunk, not in a write of their own.
      ServerResponse: CoalescingResponse,
    },
  },
  (info: AddressInfo) => log.info(describeStartup(config, `node ${process.version}`, { host: info.address, port: info.port })),
);
server.on('error', (err) => {
  console.error(`Cannot listen on ${config.server.host}:${config.server.port}: ${err.message}`);
  process.exit(1);
});

// Stop accepting, let in-flight requests and streams finish; after the grace period, end the
// streams still open with an in-band error, give that a moment to flush, and exit.
const shutdown = (signal: string) => {
  log.info(`${signal}: closing; in-flight requests get ${config.server.shutdownGraceMs} ms`);
  server.close(() => process.exit(0));
  // close() waits for keep-alive sockets too; drop each one as soon as its response is done.
  setInterval(() => (server as { closeIdleConnections?: () => void }).closeIdleConnections?.(), 100).unref();
  setTimeout(() => {
    endStreams();
    setTimeout(() => process.exit(0), 250).unref();
  }, config.server.shutdownGraceMs).unref();
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
// SIGHUP: read the configuration again; a bad one is refused and the running one stays.
process.on('SIGHUP', () => void boot.reload('SIGHUP'));
