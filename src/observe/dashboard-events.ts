import { timeoutAlarm } from '../lifecycle/clock.ts';
import type { Alarm } from '../runtime-contract.ts';
import { type DashboardSource, readHealth, readState, stateJson } from './dashboard-state.ts';
import type { FeedItem } from './recent.ts';

/** How the live stream runs; defaults suit a person watching. */
export interface EventStreamOptions {
  /** How often the backends are read again (breakers change with time too). */
  healthEveryMs?: number;
  /** A comment this often keeps proxies from closing a quiet stream. */
  keepaliveEveryMs?: number;
  /** Events held for a slow reader before it is resynced instead. */
  maxPending?: number;
  alarm?: Alarm;
  /** Ends every stream (the gateway shutting down). */
  shutdown?: AbortSignal;
}

const encoder = new TextEncoder();
const TICK = Symbol('tick');

function message(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${stateJson(data)}\n\n`);
}

/** A promise that resolves after `ms`, and the way to stop its timer. */
function sleep(alarm: Alarm, ms: number): { done: Promise<typeof TICK>; stop: () => void } {
  let stop = () => {};
  const done = new Promise<typeof TICK>((resolve) => (stop = alarm(() => resolve(TICK), ms)));
  return { done, stop };
}

/**
 * The dashboard's live events (SSE): `state` first (and again after the reader fell behind),
 * `request` for each request answered or ended, `health` when the backends or totals change.
 * It is pulled: a reader that stops reading stops the work; it ends when the reader leaves.
 */
export function dashboardEventStream(source: DashboardSource, signal: AbortSignal | undefined, options: EventStreamOptions = {}): ReadableStream<Uint8Array> {
  const { healthEveryMs = 2000, keepaliveEveryMs = 15_000, maxPending = 64, alarm = timeoutAlarm, shutdown } = options;
  const feed = source.recent.follow({ maxPending });
  let item: Promise<FeedItem> = feed.next();
  let timer: ReturnType<typeof sleep> | undefined;
  let lastHealth = '';
  let quietSince = Date.now();
  let cancelled = false;
  const close = () => feed.close();
  signal?.addEventListener('abort', close, { once: true });
  shutdown?.addEventListener('abort', close, { once: true });
  const cleanup = () => {
    cancelled = true;
    feed.close();
    timer?.stop();
    signal?.removeEventListener('abort', close);
    shutdown?.removeEventListener('abort', close);
  };
  const fullState = () => {
    const state = readState(source);
    lastHealth = JSON.stringify({ ...state, time: '', recent: undefined });
    return message('state', state);
  };

  /** The health event, if anything but the time changed; a keepalive comment if long quiet. */
  const onTick = (): Uint8Array | undefined => {
    const health = readHealth(source);
    const key = JSON.stringify({ ...health, time: '' });
    if (key !== lastHealth) return (lastHealth = key), message('health', health);
    if (Date.now() - quietSince >= keepaliveEveryMs) return encoder.encode(': keepalive\n\n');
    return undefined;
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (signal?.aborted || shutdown?.aborted) return cleanup(), controller.close();
      controller.enqueue(encoder.encode('retry: 3000\n\n'));
      controller.enqueue(fullState());
    },
    async pull(controller) {
      for (;;) {
        timer = sleep(alarm, healthEveryMs);
        const next = await Promise.race([item, timer.done]);
        timer.stop();
        if (cancelled) return; // the reader left while we waited: nothing more to write
        if (next === TICK) {
          const chunk = onTick();
          if (!chunk) continue;
          quietSince = Date.now();
          return controller.enqueue(chunk);
        }
        item = feed.next();
        quietSince = Date.now();
        if (next.type === 'closed') return cleanup(), controller.close();
        return controller.enqueue(next.type === 'lagged' ? fullState() : message('request', { type: next.type, entry: next.entry }));
      }
    },
    cancel: cleanup,
  });
}
