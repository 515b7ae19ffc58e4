import { describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../src/upstream/network-error.ts';

const withCause = (message: string, cause: unknown) => Object.assign(new TypeError(message), { cause });

describe('describeNetworkError', () => {
  it("names the failure from each runtime's own error shape", () => {
    // As seen from Node's fetch (undici), Bun's fetch, Deno's fetch and the Node entry's client.
    expect(describeNetworkError(withCause('fetch failed', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })))).toBe('connection refused');
    expect(describeNetworkError(withCause('fetch failed', Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })))).toBe('connection reset');
    expect(describeNetworkError(Object.assign(new TypeError('ECONNREFUSED: Unable to connect.'), { code: 'ECONNREFUSED' }))).toBe('connection refused');
    expect(describeNetworkError(Object.assign(new TypeError('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' }))).toBe('DNS lookup failed');
    expect(describeNetworkError(withCause('fetch failed', new Error('client error (SendRequest): connection closed before message completed')))).toBe('connection reset');
    expect(describeNetworkError(withCause('fetch failed', new Error('client error (Connect): dns error: failed to lookup address information')))).toBe('DNS lookup failed');
    expect(describeNetworkError(withCause('fetch failed', new Error('client error (Connect): tcp connect error: Connection refused (os error 111)')))).toBe('connection refused');
    expect(describeNetworkError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe('TLS failed');
    expect(describeNetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('connection reset');
    expect(describeNetworkError(new Error('connect timeout after 10 ms'))).toBe('connect timeout');
  });

  it('says only "network error" for anything else, and never repeats the error text', () => {
    expect(describeNetworkError(new Error('sk-secret at http://host/path'))).toBe('network error');
    expect(describeNetworkError('a string')).toBe('network error');
  });
});
