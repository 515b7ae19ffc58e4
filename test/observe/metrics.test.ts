import { describe, expect, it } from 'vitest';
import type { BackendView } from '../../src/observe/health-view.ts';
import { METRICS_CONTENT_TYPE, MetricsRegistry, metricsHandler } from '../../src/observe/metrics.ts';
import { hasPromtool, parseSamples, promtoolCheck } from './prom-samples.ts';
import { answeredPart, makeRecord } from './records.ts';

const healthy: BackendView = { state: 'healthy', cooling_until: null, consecutive_failures: 0, last_failure: null };

function registry(health: Record<string, BackendView> = {}) {
  return new MetricsRegistry({ aliases: ['fast', 'smart'], backends: ['fast', 'smart'], version: '0.1.0', health: (name) => health[name] });
}

/** Feeds one request through the sink as the request path does: started, answered, ended. */
function feed(metrics: MetricsRegistry, ...overrides: Parameters<typeof makeRecord>[0][]) {
  for (const o of overrides) {
    const record = makeRecord(o);
    metrics.started();
    metrics.answered(answeredPart(record));
    metrics.ended(record);
  }
}

describe('MetricsRegistry', () => {
  it('counts requests by api, alias, answering backend, outcome and status class', () => {
    const m = registry();
    feed(m, {}, {}, { api: 'responses', alias: 'smart', backend: 'smart', attempts: [{ backend: 'smart', outcome: 200 }] });
    feed(m, { outcome: 'all-failed', status: 502, backend: undefined, attempts: [{ backend: 'fast', outcome: 503 }], streamEnd: 'complete' });
    const s = parseSamples(m.render());
    expect(s.get('understudy_requests_total{api="chat",alias="fast",backend="fast",outcome="answered",status="2xx"}')).toBe(2);
    expect(s.get('understudy_requests_total{api="responses",alias="smart",backend="smart",outcome="answered",status="2xx"}')).toBe(1);
    expect(s.get('understudy_requests_total{api="chat",alias="fast",backend="none",outcome="all-failed",status="5xx"}')).toBe(1);
    expect(m.requestCount()).toBe(4);
  });

  it('counts attempts by outcome kind, failovers from → to by the failed try, and retries on the same backend', () => {
    const m = registry();
    feed(m, {
      attempts: [{ backend: 'fast', outcome: 429 }, { backend: 'fast', outcome: 'unreachable', cause: 'connection refused' }, { backend: 'smart', outcome: 200 }],
      backend: 'smart',
    });
    feed(m, { attempts: [{ backend: 'fast', outcome: 'first-token-timeout' }, { backend: 'smart', outcome: 200 }], backend: 'smart' });
    const s = parseSamples(m.render());
    expect(s.get('understudy_attempts_total{backend="fast",outcome="429"}')).toBe(1);
    expect(s.get('understudy_attempts_total{backend="fast",outcome="unreachable"}')).toBe(1);
    expect(s.get('understudy_attempts_total{backend="smart",outcome="2xx"}')).toBe(2);
    expect(s.get('understudy_retries_total{backend="fast",reason="429"}')).toBe(1);
    expect(s.get('understudy_failovers_total{from="fast",to="smart",reason="unreachable"}')).toBe(1);
    expect(s.get('understudy_failovers_total{from="fast",to="smart",reason="first-token-timeout"}')).toBe(1);
    expect(m.failoverCounts()).toEqual([
      { from: 'fast', to: 'smart', reason: 'first-token-timeout', count: 1 },
      { from: 'fast', to: 'smart', reason: 'unreachable', count: 1 },
    ]);
  });

  it('puts latencies in cumulative buckets, a value on a bound counting in that bucket, with +Inf, sum and count', () => {
    const m = registry();
    feed(m, { firstByteMs: 100, totalMs: 1000 }, { firstByteMs: 300, totalMs: 700_000 });
    const s = parseSamples(m.render());
    const ttfb = (le: string) => s.get(`understudy_time_to_first_byte_seconds_bucket{alias="fast",le="${le}"}`);
    expect([ttfb('0.05'), ttfb('0.1'), ttfb('0.25'), ttfb('0.5'), ttfb('+Inf')]).toEqual([0, 1, 1, 2, 2]);
    expect(s.get('understudy_time_to_first_byte_seconds_sum{alias="fast"}')).toBeCloseTo(0.4);
    expect(s.get('understudy_time_to_first_byte_seconds_count{alias="fast"}')).toBe(2);
    expect(s.get('understudy_request_duration_seconds_bucket{alias="fast",le="640"}')).toBe(1);
    expect(s.get('understudy_request_duration_seconds_bucket{alias="fast",le="+Inf"}')).toBe(2);
    expect(s.get('understudy_request_duration_seconds_sum{alias="fast"}')).toBe(701);
  });

  it("measures the gateway's own time as first byte less upstream wait, never below zero", () => {
    const m = registry();
    feed(m, { firstByteMs: 120, upstreamMs: 119.5 }, { firstByteMs: 50, upstreamMs: 51 });
    const s = parseSamples(m.render());
    expect(s.get('understudy_gateway_overhead_seconds_bucket{le="0.0001"}')).toBe(1);
    expect(s.get('understudy_gateway_overhead_seconds_bucket{le="0.0005"}')).toBe(2);
    expect(s.get('understudy_gateway_overhead_seconds_sum')).toBeCloseTo(0.0005);
  });

  it('gives a client that left no first-byte time, but counts its request and body end', () => {
    const m = registry();
    feed(m, { outcome: 'client-gone', status: 499, backend: undefined, attempts: [{ backend: 'fast', outcome: 'timeout' }], streamEnd: 'client-gone', totalMs: 40 });
    const s = parseSamples(m.render());
    expect(s.has('understudy_time_to_first_byte_seconds_count{alias="fast"}')).toBe(false);
    expect(s.get('understudy_requests_total{api="chat",alias="fast",backend="none",outcome="client-gone",status="4xx"}')).toBe(1);
    expect(s.get('understudy_stream_ends_total{backend="none",end="client-gone"}')).toBe(1);
  });

  it('counts requests in flight from start to the end of the body', () => {
    const m = registry();
    const record = makeRecord();
    m.started();
    m.started();
    m.answered(answeredPart(record));
    expect(parseSamples(m.render()).get('understudy_requests_in_flight')).toBe(2);
    m.ended(record);
    expect(m.inFlight).toBe(1);
  });

  it('counts stream endings by kind and tokens by backend when usage was reported', () => {
    const m = registry();
    feed(m, { streamEnd: 'stalled', tokens: undefined }, { tokens: { input: 10, output: 5 } }, { tokens: { input: 1, output: 2 } });
    const s = parseSamples(m.render());
    expect(s.get('understudy_stream_ends_total{backend="fast",end="stalled"}')).toBe(1);
    expect(s.get('understudy_stream_ends_total{backend="fast",end="complete"}')).toBe(2);
    expect(s.get('understudy_tokens_total{backend="fast",kind="input"}')).toBe(11);
    expect(s.get('understudy_tokens_total{backend="fast",kind="output"}')).toBe(7);
  });

  it("reads each backend's breaker at render time: 1 for its state, 0 for the others, and its models by state", () => {
    const health: Record<string, BackendView> = { fast: { ...healthy }, smart: { ...healthy } };
    const m = registry(health);
    expect(parseSamples(m.render()).get('understudy_backend_state{backend="fast",state="healthy"}')).toBe(1);
    health.fast = { state: 'cooling', cooling_until: '2025-06-01T12:01:00.000Z', consecutive_failures: 3, last_failure: { at: '2025-06-01T12:00:00.000Z', reason: '503' } };
    health.smart = { ...healthy, models: { a: { ...healthy, state: 'probing' }, b: { ...healthy }, c: { ...healthy } } };
    const s = parseSamples(m.render());
    expect(s.get('understudy_backend_state{backend="fast",state="healthy"}')).toBe(0);
    expect(s.get('understudy_backend_state{backend="fast",state="cooling"}')).toBe(1);
    expect(s.get('understudy_backend_state{backend="fast",state="probing"}')).toBe(0);
    expect(s.get('understudy_backend_consecutive_failures{backend="fast"}')).toBe(3);
    expect(s.get('understudy_backend_models{backend="smart",state="healthy"}')).toBe(2);
    expect(s.get('understudy_backend_models{backend="smart",state="probing"}')).toBe(1);
    expect([...s.keys()].some((k) => k.includes('"a"'))).toBe(false); // model names are never labels
  });

  it("keeps series bounded: 1,000 clients' model strings and unknown names all count as other", () => {
    const m = registry({ fast: healthy });
    for (let i = 0; i < 1000; i++) {
      feed(m, { modelAsked: `client-model-${i}`, modelSent: `sent-${i}`, alias: `alias-${i}`, backend: `backend-${i}`, attempts: [{ backend: `backend-${i}`, outcome: 'weird' }] });
    }
    const text = m.render();
    expect(text).not.toMatch(/client-model|sent-|alias-\d|backend-\d/);
    const s = parseSamples(text);
    expect(s.get('understudy_requests_total{api="chat",alias="other",backend="other",outcome="answered",status="2xx"}')).toBe(1000);
    expect(s.get('understudy_attempts_total{backend="other",outcome="other"}')).toBe(1000);
    expect(s.size).toBeLessThan(80);
  });

  it('takes a reloaded configuration: new names count apart, old counters stay, the gauges follow the new backends', () => {
    const m = registry({ fast: healthy, smart: healthy, local: healthy });
    feed(m, { alias: 'local', backend: 'local', attempts: [{ backend: 'local', outcome: 200 }] }, {});
    m.configure({ aliases: ['fast', 'local'], backends: ['fast', 'local'] });
    feed(m, { alias: 'local', backend: 'local', attempts: [{ backend: 'fast', outcome: 502 }, { backend: 'local', outcome: 200 }] });
    const s = parseSamples(m.render());
    expect(s.get('understudy_requests_total{api="chat",alias="other",backend="other",outcome="answered",status="2xx"}')).toBe(1);
    expect(s.get('understudy_requests_total{api="chat",alias="fast",backend="fast",outcome="answered",status="2xx"}')).toBe(1);
    expect(s.get('understudy_requests_total{api="chat",alias="local",backend="local",outcome="answered",status="2xx"}')).toBe(1);
    expect(s.get('understudy_failovers_total{from="fast",to="local",reason="5xx"}')).toBe(1);
    expect([...s.keys()].filter((k) => k.startsWith('understudy_backend_state{') && k.endsWith('state="healthy"}'))).toEqual([
      'understudy_backend_state{backend="fast",state="healthy"}', 'understudy_backend_state{backend="local",state="healthy"}',
    ]);
  });

  it('escapes configured names in label values', () => {
    const m = new MetricsRegistry({ aliases: ['gpt-"4"\\o\nx'], backends: ['fast'] });
    feed(m, { alias: 'gpt-"4"\\o\nx' });
    expect(m.render()).toContain('understudy_time_to_first_byte_seconds_count{alias="gpt-\\"4\\"\\\\o\\nx"} 1');
  });

  it('serves the text with the 0.0.4 content type', async () => {
    const res = metricsHandler(registry())(new Request('http://localhost/metrics'));
    expect(res.headers.get('content-type')).toBe(METRICS_CONTENT_TYPE);
    expect(await res.text()).toContain('# TYPE understudy_requests_total counter');
  });
});

describe.skipIf(!hasPromtool)('promtool check metrics (Debian package "prometheus"; skipped when promtool is not installed)', () => {
  it('accepts the text of a fresh registry and of a busy one, lint rules included', () => {
    const health: Record<string, BackendView> = { fast: { ...healthy, models: { m: healthy } }, smart: { ...healthy, state: 'cooling' } };
    const m = new MetricsRegistry({ aliases: ['fast', 'smart', 'gpt-"*"'], backends: ['fast', 'smart'], version: '0.1.0', health: (n) => health[n] });
    expect(promtoolCheck(m.render())).toEqual({ status: 0, output: '' });
    feed(m, {}, { alias: 'gpt-"*"', attempts: [{ backend: 'fast', outcome: 500 }, { backend: 'smart', outcome: 200 }], backend: 'smart' });
    feed(m, { outcome: 'all-failed', status: 504, backend: undefined, attempts: [{ backend: 'smart', outcome: 'timeout' }], streamEnd: 'complete', alias: 'nope' });
    m.started();
    const result = promtoolCheck(m.render());
    expect(result).toEqual({ status: 0, output: '' });
  });

  it('is the real promtool: it rejects a counter without _total', () => {
    expect(promtoolCheck('# HELP a_count x\n# TYPE a_count counter\na_count 1\n').status).not.toBe(0);
  });
});

if (!hasPromtool) console.warn('promtool not found: the promtool checks are skipped. Install it with: apt-get install -y prometheus');
