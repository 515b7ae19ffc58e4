// Bun entry: `bun run start`.
import type { Server } from 'bun';
import { bootGateway } from '../src/boot.ts';
import { describeStartup } from '../src/startup.ts';
import { batchedFetch } from './shared/batched-fetch.ts';
import { batchedConsole } from './shared/batched-lines.ts';

// Not Bun.file().exists(): it is false for anything but a regular file, /dev/null included,
// which Node and Deno read as empty.
const readText = (path: string) =>
  Bun.file(path)
    .text()
    .catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));

const boot = await bootGateway({
  env: process.env,
  readText,
  fetch: batchedFetch(globalThis.fetch, setImmediate),
  clientAddress: (c) => (c.env as Server<unknown>).requestIP(c.req.raw)?.address,
  logSink: batchedConsole(setImmediate, (flush) => process.once('exit', flush)),
});
if ('error' in boot) {
  console.error(boot.error);
  process.exit(1);
}
const { config, log, endStreams } = boot;

let server: ReturnType<typeof Bun.serve>;
try {
  server = Bun.serve({
    hostname: config.server.host,
    port: config.server.port,
    // Bun's idleTimeout (10 s) does not cut a request whose response is still pending or
    // streaming, as of Bun 1.4; the entry suite's "11 s silence" test pins that.
    fetch: (req, srv) => boot.fetch(req, srv),
  });
} catch (err) {
  console.error(`Cannot listen on ${config.server.host}:${config.server.port}: ${(err as Error).message}`);
  process.exit(1);
}
log.info(describeStartup(config, `bun ${Bun.version}`, { host: server.hostname ?? config.server.host, port: server.port ?? 0 }));

// Stop accepting, let in-flight requests and streams finish; after the grace period, end the
// streams still open with an in-band error, give that a moment to flush, and exit.
const shutdown = async (signal: string) => {
  log.info(`${signal}: closing; in-flight requests get ${config.server.shutdownGraceMs} ms`);
  setTimeout(() => {
    endStreams();
    setTimeout(() => process.exit(0), 250).unref();
  }, config.server.shutdownGraceMs).unref();
  await server.stop(); // stops accepting; resolves when in-flight requests are done
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
// SIGHUP: read the configuration again; a bad one is refused and the running one stays.
process.on('SIGHUP', () => void boot.reload('SIGHUP'));
