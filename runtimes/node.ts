// Node entry: `npm run build && node dist/node.js`.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { bootGateway } from '../src/boot.ts';
import { nodeFetch } from './node-fetch.ts';
import { describeStartup } from '../src/startup.ts';

const readText = (path: string) =>
  readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));

const boot = await bootGateway({ env: process.env, readText, fetch: nodeFetch });
if ('error' in boot) {
  console.error(boot.error);
  process.exit(1);
}
const { app, config, log } = boot;

const server = serve({ fetch: app.fetch, hostname: config.server.host, port: config.server.port }, (info: AddressInfo) =>
  log.info(describeStartup(config, `node ${process.version}`, { host: info.address, port: info.port })),
);
server.on('error', (err) => {
  console.error(`Cannot listen on ${config.server.host}:${config.server.port}: ${err.message}`);
  process.exit(1);
});

// Stop accepting, let in-flight requests and streams finish, but not for longer than the grace period.
const shutdown = (signal: string) => {
  log.info(`${signal}: closing; in-flight requests get ${config.server.shutdownGraceMs} ms`);
  server.close(() => process.exit(0));
  // close() waits for keep-alive sockets too; drop each one as soon as its response is done.
  setInterval(() => (server as { closeIdleConnections?: () => void }).closeIdleConnections?.(), 100).unref();
  setTimeout(() => process.exit(0), config.server.shutdownGraceMs).unref();
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
