// Deno entry: `deno task serve`.
import { bootGateway } from '../src/boot.ts';
import { describeStartup } from '../src/startup.ts';
import { useAlarm } from '../src/timing/deadlines.ts';
import { readInSmallBuffers } from '../src/upstream/body-reader.ts';
import { type AtTurnEnd, batchedFetch } from './batched-fetch.ts';
import { batchedConsole } from './batched-lines.ts';

// Deno 2.9's setTimeout and setInterval are Node's timers, loaded on first use: 2.8 MB more
// resident memory for the life of the process. AbortSignal.timeout runs on Deno's own timer,
// so the gateway's clock sets its alarm with that. It cannot be cleared; one moved earlier
// still rings, for nothing.
useAlarm((ring, ms) => {
  let set = true;
  AbortSignal.timeout(ms).addEventListener('abort', () => set && ring());
  return () => {
    set = false;
  };
});

// The end of the current turn of the event loop: a message to ourselves. Deno has no
// setImmediate, and its setTimeout(0) is Node's timer, a millisecond at least. (The port keeps
// the process alive; it ends through Deno.exit, below.)
const turn = new MessageChannel();
const atEnd: (() => void)[] = [];
turn.port1.onmessage = () => atEnd.splice(0).forEach((fn) => fn());
const atTurnEnd: AtTurnEnd = (fn) => {
  if (atEnd.push(fn) === 1) turn.port2.postMessage(null);
};

/**
 * Deno's fetch sends a request once more by itself when a reused connection fails before
 * any answer (Deno 2.9, denoland/deno#35610): a backend that took the request and then reset
 * the connection gets it twice. No Deno.createHttpClient option turns that off short of no
 * keep-alive at all. A body of known length sent as a stream (a Blob) cannot be re-sent, but
 * costs Deno more CPU per request than plain bytes; so bodies go as bytes until a backend's
 * connection fails, then as Blobs for a minute: only a first failure can reach a backend twice.
 */
function withoutResends(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  const failing = new Map<string, number>(); // origin → until when its bodies go as Blobs
  const originOf = (url: string) => url.slice(0, url.indexOf('/', 8));
  const isFailing = (origin: string) => {
    const until = failing.get(origin);
    if (until !== undefined && until <= Date.now()) failing.delete(origin);
    return until !== undefined && until > Date.now();
  };
  return (input, init = {}) => {
    const url = String(input);
    const asBlob = failing.size > 0 && init.body instanceof Uint8Array && isFailing(originOf(url));
    return fetch(url, asBlob ? { ...init, body: new Blob([init.body as Uint8Array<ArrayBuffer>]) } : init).catch((err) => {
      if (!init.signal?.aborted) failing.set(originOf(url), Date.now() + 60_000); // not our own abort
      throw err;
    });
  };
}

const readText = (path: string) =>
  Deno.readTextFile(path).catch((err) => (err instanceof Deno.errors.NotFound ? undefined : Promise.reject(err)));

const boot = await bootGateway({
  env: Deno.env.toObject(),
  readText,
  // Deno's fetch bodies are byte streams whose default reader takes 64 KiB per read.
  fetch: batchedFetch(Object.assign(withoutResends(globalThis.fetch.bind(globalThis)), { readBody: (res: Response) => (res.body ? readInSmallBuffers(res.body) : null) }), atTurnEnd),
  clientAddress: (c) => (c.env as Deno.ServeHandlerInfo<Deno.NetAddr>).remoteAddr.hostname,
  // Deno.exit dispatches 'unload' before the process ends.
  logSink: batchedConsole(atTurnEnd, (flush) => globalThis.addEventListener('unload', flush)),
});
if ('error' in boot) {
  console.error(boot.error);
  Deno.exit(1);
}
const { app, config, log, endStreams } = boot;

let server: Deno.HttpServer<Deno.NetAddr>;
try {
  server = Deno.serve(
    {
      hostname: config.server.host,
      port: config.server.port,
      onListen: (addr) => log.info(describeStartup(config, `deno ${Deno.version.deno}`, { host: addr.hostname, port: addr.port })),
    },
    (req, info) => app.fetch(req, info),
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
