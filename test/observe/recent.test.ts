import { describe, expect, it } from 'vitest';
import { type RecentEvent, RecentRequests, recentEntry } from '../../src/observe/recent.ts';
import { answeredPart, makeRecord } from './records.ts';

/** Answers and ends one request as the request path does, on the same record object. */
function run(recent: RecentRequests, overrides: Parameters<typeof makeRecord>[0] = {}) {
  const full = makeRecord(overrides);
  const record = answeredPart(full);
  recent.started();
  recent.answered(record);
  Object.assign(record, { totalMs: full.totalMs, streamEnd: full.streamEnd, tokens: full.tokens });
  recent.ended(record);
  return record;
}

describe('RecentRequests', () => {
  it('keeps the last N requests, oldest first, numbered', () => {
    const recent = new RecentRequests(3);
    for (let i = 0; i < 5; i++) run(recent, { modelAsked: `m${i}` });
    expect(recent.list().map((e) => [e.id, e.modelAsked])).toEqual([[3, 'm2'], [4, 'm3'], [5, 'm4']]);
  });

  it('shows an answered entry updated in place when its body ends, and keeps a record it never saw answered', () => {
    const recent = new RecentRequests(10);
    const record = answeredPart(makeRecord());
    recent.answered(record);
    expect(recent.list()[0]).toMatchObject({ id: 1, totalMs: undefined, streamEnd: undefined });
    record.totalMs = 900;
    record.streamEnd = 'stalled';
    recent.ended(record);
    recent.ended({ ...makeRecord(), totalMs: 5 }); // never answered: kept all the same
    expect(recent.list().map((e) => [e.id, e.totalMs, e.streamEnd])).toEqual([[1, 900, 'stalled'], [2, 5, 'complete']]);
  });

  it('shows the record fields only, never what else hangs on the object', () => {
    const recent = new RecentRequests(10);
    const record = Object.assign(answeredPart(makeRecord()), { body: 'the prompt', apiKey: 'sk-secret' });
    recent.answered(record);
    const [entry] = recent.list();
    expect(entry).not.toHaveProperty('body');
    expect(JSON.stringify(entry)).not.toMatch(/prompt|sk-secret/);
    expect(Object.keys(recentEntry(makeRecord(), 1)).sort()).toEqual([...Object.keys(makeRecord()), 'id'].sort());
  });

  it('tells listeners of each answer and each end, until they unsubscribe', () => {
    const recent = new RecentRequests(10);
    const seen: string[] = [];
    const stop = recent.subscribe((e) => seen.push(`${e.type} ${e.entry.id}`));
    run(recent);
    stop();
    run(recent);
    expect(seen).toEqual(['answered 1', 'ended 1']);
    expect(recent.listenerCount).toBe(0);
  });

  it('drops a listener that throws, and the request path goes on', () => {
    const recent = new RecentRequests(10);
    recent.subscribe(() => {
      throw new Error('broken dashboard');
    });
    expect(() => run(recent)).not.toThrow();
    expect(recent.listenerCount).toBe(0);
  });
});

describe('RecentFeed', () => {
  it('hands events to a reader in order, and waits for the next', async () => {
    const recent = new RecentRequests(10);
    const feed = recent.follow();
    run(recent);
    expect((await feed.next()) as RecentEvent).toMatchObject({ type: 'answered', entry: { id: 1 } });
    expect((await feed.next()) as RecentEvent).toMatchObject({ type: 'ended', entry: { id: 1 } });
    const waiting = feed.next();
    run(recent);
    expect(await waiting).toMatchObject({ type: 'answered', entry: { id: 2 } });
  });

  it('holds at most maxPending for a reader that does not read, then says lagged once', async () => {
    const recent = new RecentRequests(10);
    const feed = recent.follow({ maxPending: 4 });
    for (let i = 0; i < 10_000; i++) run(recent);
    expect(feed.pending).toBeLessThanOrEqual(4);
    expect(await feed.next()).toEqual({ type: 'lagged' });
    run(recent);
    expect(await feed.next()).toMatchObject({ type: 'answered', entry: { id: 10_001 } });
  });

  it('ends a waiting read with closed and stops listening when closed', async () => {
    const recent = new RecentRequests(10);
    const feed = recent.follow();
    const waiting = feed.next();
    expect(recent.listenerCount).toBe(1);
    feed.close();
    expect(await waiting).toEqual({ type: 'closed' });
    expect(recent.listenerCount).toBe(0);
  });
});
