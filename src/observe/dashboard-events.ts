import { timeoutAlarm } from '../lifecycle/clock.ts';
import type { Alarm } from '../runtime-contract.ts';
import { type DashboardSource, readHealth, readState, stateJson } from './dashboard-state.ts';
import type { FeedItem, RecentFeed } from './recent.ts';

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
  return new ReadableStream<Uint8Array>(new EventPump(source, signal, options));
}

/** The stream's underlying source: one reader's feed, a timer, and what it last sent of the backends. */
class EventPump implements UnderlyingDefaultSource<Uint8Array> {
  readonly #feed: RecentFeed;
  readonly #options: Required<Pick<EventStreamOptions, 'healthEveryMs' | 'keepaliveEveryMs' | 'alarm'>>;
  readonly #signals: AbortSignal[];
  #item: Promise<FeedItem>;
  #timer: ReturnType<typeof sleep> | undefined;
  #lastHealth = '';
  #quietSince = Date.now();
  #cancelled = false;
  readonly #close = () => this.#feed.close();

  constructor(
    private readonly source: DashboardSource,
    signal: AbortSignal | undefined,
    { healthEveryMs = 2000, keepaliveEveryMs = 15_000, maxPending = 64, alarm = timeoutAlarm, shutdown }: EventStreamOptions,
  ) {
    this.#options = { healthEveryMs, keepaliveEveryMs, alarm };
    this.#feed = source.recent.follow({ maxPending });
    this.#item = this.#feed.next();
    this.#signals = [signal, shutdown].filter((s) => s !== undefined);
    for (const s of this.#signals) s.addEventListener('abort', this.#close, { once: true });
  }

  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    if (this.#signals.some((s) => s.aborted)) return this.cancel(), controller.close();
    controller.enqueue(encoder.encode('retry: 3000\n\n'));
    controller.enqueue(this.#fullState());
  }

  async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    for (;;) {
      this.#timer = sleep(this.#options.alarm, this.#options.healthEveryMs);
      const next = await Promise.race([this.#item, this.#timer.done]);
      this.#timer.stop();
      if (this.#cancelled) return; // the reader left while we waited: nothing more to write
      const chunk = next === TICK ? this.#onTick() : this.#onItem(next);
      if (chunk === 'closed') return this.cancel(), controller.close();
      if (chunk === undefined) continue;
      this.#quietSince = Date.now();
      return controller.enqueue(chunk);
    }
  }

  cancel(): void {
    this.#cancelled = true;
    this.#feed.close();
    this.#timer?.stop();
    for (const s of this.#signals) s.removeEventListener('abort', this.#close);
  }

  #onItem(item: FeedItem): Uint8Array | 'closed' {
    this.#item = this.#feed.next();
    if (item.type === 'closed') return 'closed';
    if (item.type === 'lagged') return this.#fullState();
    return message('request', { type: item.type, entry: item.entry });
  }

  /** The health event, if anything but the time changed; a keepalive comment if long quiet. */
  #onTick(): Uint8Array | undefined {
    const health = readHealth(this.source);
    const key = JSON.stringify({ ...health, time: '' });
    if (key !== this.#lastHealth) return (this.#lastHealth = key), message('health', health);
    if (Date.now() - this.#quietSince >= this.#options.keepaliveEveryMs) return encoder.encode(': keepalive\n\n');
    return undefined;
  }

  #fullState(): Uint8Array {
    const state = readState(this.source);
    this.#lastHealth = JSON.stringify({ ...state, time: '', recent: undefined });
    return message('state', state);
  }
}
