// Bun entry: `bun run start`.
import { bootGateway } from '../src/boot.ts';
import { describeStartup } from '../src/startup.ts';

const readText = async (path: string) => {
  const file = Bun.file(path);
  return (await file.exists()) ? file.text() : undefined;
};

const boot = await bootGateway({ env: process.env, readText, fetch: globalThis.fetch });
if ('error' in boot) {
  console.error(boot.error);
  process.exit(1);
}
const { app, config, log } = boot;

let server: ReturnType<typeof Bun.serve>;
try {
  server = Bun.serve({
    hostname: config.server.host,
    port: config.server.port,
    // Bun's idleTimeout (10 s) does not cut a request whose response is still pending or
    // streaming, as of Bun 1.4; the entry suite's "11 s silence" test pins that.
    fetch: app.fetch,
  });
} catch (err) {
  console.error(`Cannot listen on ${config.server.host}:${config.server.port}: ${(err as Error).message}`);
  process.exit(1);
}
log.info(describeStartup(config, `bun ${Bun.version}`, { host: server.hostname ?? config.server.host, port: server.port ?? 0 }));

const shutdown = async (signal: string) => {
  log.info(`${signal}: closing; in-flight requests get ${config.server.shutdownGraceMs} ms`);
  setTimeout(() => process.exit(0), config.server.shutdownGraceMs).unref();
  await server.stop(); // stops accepting; resolves when in-flight requests are done
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
