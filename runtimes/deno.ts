// Deno entry: `deno task serve`.
import { bootGateway } from '../src/boot.ts';
import { describeStartup } from '../src/startup.ts';
import { signalAlarm } from './deno/alarm.ts';
import { readInSmallBuffers } from './deno/body-reader.ts';
import { turnEnd } from './deno/turn.ts';
import { withoutResends } from './deno/without-resends.ts';
import { batchedFetch } from './shared/batched-fetch.ts';
import { batchedConsole } from './shared/batched-lines.ts';

const atTurnEnd = turnEnd();

const readText = (path: string) =>
  Deno.readTextFile(path).catch((err) => (err instanceof Deno.errors.NotFound ? undefined : Promise.reject(err)));

const boot = await bootGateway({
  env: Deno.env.toObject(),
  readText,
  // Deno's fetch bodies are byte streams whose default reader takes 64 KiB per read.
  fetch: batchedFetch(Object.assign(withoutResends(globalThis.fetch.bind(globalThis)), { readBody: (res: Response) => (res.body ? readInSmallBuffers(res.body) : null) }), atTurnEnd),
  alarm: signalAlarm,
  clientAddress: (c) => (c.env as Deno.ServeHandlerInfo<Deno.NetAddr>).remoteAddr.hostname,
  // Deno.exit dispatches 'unload' before the process ends.
  logSink: batchedConsole(atTurnEnd, (flush) => globalThis.addEventListener('unload', flush)),
});
if ('error' in boot) {
  console.error(boot.error);
  Deno.exit(1);
}
const { config, log, endStreams } = boot;

let server: Deno.HttpServer<Deno.NetAddr>;
try {
  server = Deno.serve(
    {
      hostname: config.server.host,
      port: config.server.port,
      onListen: (addr) => log.info(describeStartup(config, `deno ${Deno.version.deno}`, { host: addr.hostname, port: addr.port })),
    },
    (req, info) => boot.fetch(req, info),
  );
} catch (err) {
  console.error(`Cannot listen on ${config.server.host}:${config.server.port}: ${(err as Error).message}`);
  Deno.exit(1);
}

// Stop accepting, let in-flight requests and streams finish; after the grace period, end the
// streams still open with an in-band error, give that a moment to flush, and exit.
const shutdown = (signal: Deno.Signal) => async () => {
  log.info(`${signal}: closing; in-flight requests get ${config.server.shutdownGraceMs} ms`);
  const timer = setTimeout(() => {
    endStreams();
    setTimeout(() => Deno.exit(0), 250);
  }, config.server.shutdownGraceMs);
  await server.shutdown(); // stops accepting; resolves when in-flight requests are done
  clearTimeout(timer);
  Deno.exit(0);
};
Deno.addSignalListener('SIGINT', shutdown('SIGINT'));
Deno.addSignalListener('SIGTERM', shutdown('SIGTERM'));
// SIGHUP: read the configuration again; a bad one is refused and the running one stays.
Deno.addSignalListener('SIGHUP', () => void boot.reload('SIGHUP'));
