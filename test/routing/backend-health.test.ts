import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import type { BackendPolicy } from '../../src/config/types.ts';
import { BackendHealth } from '../../src/routing/backend-health.ts';

function setup(policy: Partial<BackendPolicy> = {}) {
  const base = loadConfig(undefined, { FAST_BASE_URL: 'http://f.example' }).backends.fast!;
  let now = 1_000_000;
  const health = new BackendHealth({ ...base, policy: { ...base.policy, cooldownAfter: 2, cooldownMs: 30_000, ...policy } }, () => now);
  return { health, advance: (ms: number) => (now += ms) };
}

describe('BackendHealth', () => {
  it('cools down after consecutive failures, then lets exactly one probe through', () => {
    const { health, advance } = setup();
    health.failed('status 503');
    expect(health.tryAcquire()).toBe(true);
    health.failed('status 503');
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
    health.failed('timeout');
    health.failed('timeout');
    advance(30_000);
    expect(health.tryAcquire()).toBe(true);
    health.failed('timeout');
    expect(health.tryAcquire()).toBe(false);
  });

  it('skips a backend for as long as its Retry-After says, and not at all with cooldowns off', () => {
    const { health, advance } = setup();
    health.failed('status 429', 5_000);
    expect(health.tryAcquire()).toBe(false);
    advance(5_000);
    expect(health.tryAcquire()).toBe(true);
    const off = setup({ cooldownAfter: 0 }).health;
    for (let i = 0; i < 5; i++) off.failed('status 429', 60_000);
    expect(off.tryAcquire()).toBe(true);
  });
});
