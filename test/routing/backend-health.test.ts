import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import type { BackendPolicy } from '../../src/config/types.ts';
import { BackendHealth } from '../../src/routing/backend-health.ts';

function setup(policy: Partial<BackendPolicy> = {}, { passThrough = false } = {}) {
  const model = passThrough ? undefined : 'forced';
  const base = { ...loadConfig(undefined, { FAST_BASE_URL: 'http://f.example' }).backends.fast!, model };
  let now = 1_000_000;
  const health = new BackendHealth({ ...base, policy: { ...base.policy, cooldownAfter: 2, cooldownMs: 30_000, ...policy } }, () => now);
  return { health, advance: (ms: number) => (now += ms) };
}

describe('BackendHealth', () => {
  it('cools down after consecutive failures, then lets exactly one probe through', () => {
    const { health, advance } = setup();
    health.failed(undefined, 'status 503');
    expect(health.tryAcquire()).toBe(true);
    health.failed(undefined, 'status 503');
    expect(health.tryAcquire()).toBe(false);
    expect(health.snapshot()).toMatchObject({ state: 'cooling', consecutive_failures: 2, last_failure: { reason: 'status 503' } });
    advance(30_000);
    expect(health.tryAcquire()).toBe(true); // the probe
    expect(health.tryAcquire()).toBe(false); // only one at a time
    expect(health.snapshot().state).toBe('probing');
    health.succeeded();
    expect(health.tryAcquire()).toBe(true);
    expect(health.snapshot()).toMatchObject({ state: 'healthy', consecutive_failures: 0 });
  });

  it('goes back to cooling when the probe fails', () => {
    const { health, advance } = setup();
    health.failed(undefined, 'timeout');
    health.failed(undefined, 'timeout');
    advance(30_000);
    expect(health.tryAcquire()).toBe(true);
    health.failed(undefined, 'timeout');
    expect(health.tryAcquire()).toBe(false);
  });

  it('skips a backend for as long as its Retry-After says, and not at all with cooldowns off', () => {
    const { health, advance } = setup();
    health.failed(undefined, 'status 429', { skipForMs: 5_000 });
    expect(health.tryAcquire()).toBe(false);
    advance(5_000);
    expect(health.tryAcquire()).toBe(true);
    const off = setup({ cooldownAfter: 0 }).health;
    for (let i = 0; i < 5; i++) off.failed(undefined, 'status 429', { skipForMs: 60_000 });
    expect(off.tryAcquire()).toBe(true);
  });

  it('tells the failing request when the backend has started cooling, so its retries stop', () => {
    const { health } = setup();
    expect(health.failed(undefined, 'status 500')).toBe(false);
    expect(health.failed(undefined, 'status 500')).toBe(true);
  });

  it('keeps a breaker per model on a pass-through backend: one model cooling leaves the others alone', () => {
    const { health } = setup({}, { passThrough: true });
    health.failed('model-a', 'status 503');
    health.failed('model-a', 'status 503');
    expect(health.tryAcquire('model-a')).toBe(false);
    expect(health.tryAcquire('model-b')).toBe(true);
    expect(health.snapshot()).toMatchObject({ state: 'healthy', models: { 'model-a': { state: 'cooling', consecutive_failures: 2 } } });
    health.succeeded('model-b');
    expect(health.snapshot().models).toEqual({ 'model-a': expect.objectContaining({ state: 'cooling' }) });
  });

  it('cools every model when the host cannot be reached, or when failures span models', () => {
    const unreachable = setup({}, { passThrough: true }).health;
    unreachable.failed('model-a', 'unreachable', { hostWide: true });
    unreachable.failed('model-b', 'unreachable', { hostWide: true });
    expect(unreachable.tryAcquire('model-c')).toBe(false);
    const everyModel = setup({}, { passThrough: true }).health;
    everyModel.failed('model-a', 'status 500');
    everyModel.failed('model-b', 'status 500');
    expect(everyModel.tryAcquire('model-c')).toBe(false);
    expect(everyModel.snapshot()).toMatchObject({ state: 'cooling', consecutive_failures: 2 });
  });

  it('probes a cooled model once, and re-arms its cooldown when the probe fails', () => {
    const { health, advance } = setup({}, { passThrough: true });
    health.failed('m', 'timeout');
    health.failed('m', 'timeout');
    advance(30_000);
    expect(health.tryAcquire('m')).toBe(true);
    expect(health.tryAcquire('m')).toBe(false);
    expect(health.failed('m', 'timeout')).toBe(true);
    expect(health.tryAcquire('m')).toBe(false);
  });

  it('tracks a bounded number of models, forgetting the one that failed longest ago', () => {
    const { health } = setup({ cooldownAfter: 1 }, { passThrough: true });
    for (let i = 0; i < 1000; i++) health.failed(`model-${i}`, 'status 500');
    const models = Object.keys(health.snapshot().models);
    expect(models.length).toBe(64);
    expect(models).toContain('model-999');
    expect(models).not.toContain('model-0');
  });
});
