import { describe, expect, it } from 'vitest';
import { buildClientHeaders, buildUpstreamHeaders } from '../../src/http/headers.ts';

describe('buildUpstreamHeaders', () => {
  it("withholds the client's headers it is told to, never the backend's configured ones", () => {
    const client = new Headers({ 'anthropic-beta': 'x', 'anthropic-version': '2023-06-01', 'x-note': 'kept' });
    const h = buildUpstreamHeaders(client, 'k', { 'anthropic-version': 'operator' }, (name) => name.startsWith('anthropic-'));
    expect(h).toEqual({ 'x-note': 'kept', 'anthropic-version': 'operator', authorization: 'Bearer k' });
  });

  it("drops the client's credentials and hop-by-hop headers and adds the backend's key", () => {
    const h = buildUpstreamHeaders(
      new Headers({
        authorization: 'Bearer client',
        'x-api-key': 'client',
        host: 'gateway',
        connection: 'keep-alive, x-private',
        'x-private': '1',
        'transfer-encoding': 'chunked',
        'content-type': 'application/json',
        'x-stainless-lang': 'js',
      }),
      'backend-key',
    );
    expect(h).toEqual({ authorization: 'Bearer backend-key', 'content-type': 'application/json', 'x-stainless-lang': 'js' });
  });

  it('sends no authorization at all when the backend has no key', () => {
    expect(buildUpstreamHeaders(new Headers({ authorization: 'Bearer c' }), undefined)).not.toHaveProperty('authorization');
  });

  it("lets a backend's static headers override the client's, whatever their case", () => {
    const h = buildUpstreamHeaders(new Headers({ 'x-title': 'client' }), 'k', { 'X-Title': 'understudy' });
    expect(h['x-title']).toBe('understudy');
  });
});

describe('buildClientHeaders', () => {
  it('drops encoding and length once fetch has decoded the body', () => {
    const h = buildClientHeaders(new Headers({ 'content-encoding': 'br', 'content-length': '10', 'content-type': 'text/plain', 'keep-alive': 'timeout=5' }));
    expect(Object.fromEntries(new Headers(h))).toEqual({ 'content-type': 'text/plain' });
  });

  it('keeps content-length when the body is passed as sent', () => {
    expect(new Headers(buildClientHeaders(new Headers({ 'content-length': '10' }))).get('content-length')).toBe('10');
  });

  it('leaves the length out of a reframed body (translated or capped), with or without cookies', () => {
    const upstream: [string, string][] = [['date', 'x'], ['content-length', '10'], ['content-type', 'application/json']];
    const h = buildClientHeaders(new Headers(upstream), true) as Record<string, string>;
    expect(h).toEqual({ date: 'x', 'content-type': 'application/json' });
    const withCookies = new Headers(buildClientHeaders(new Headers([...upstream, ['set-cookie', 'a=1']]), true));
    expect([...withCookies]).toEqual([['content-type', 'application/json'], ['date', 'x'], ['set-cookie', 'a=1']]);
  });

  it('drops the headers the upstream names in its Connection field, with or without cookies', () => {
    const upstream = [
      ['connection', 'x-hop, Keep-Alive'],
      ['x-hop', '1'],
      ['content-encoding', 'gzip'],
      ['content-length', '10'],
      ['x-kept', '2'],
    ] as [string, string][];
    expect(buildClientHeaders(new Headers(upstream))).toEqual({ 'x-kept': '2' });
    const withCookies = new Headers(buildClientHeaders(new Headers([...upstream, ['set-cookie', 'a=1'], ['set-cookie', 'b=2']])));
    expect([...withCookies]).toEqual([['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['x-kept', '2']]);
  });

  it('keeps every set-cookie of the upstream as its own header', () => {
    const upstream = new Headers([
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2; Path=/'],
      ['content-type', 'application/json'],
    ]);
    const h = new Headers(buildClientHeaders(upstream));
    expect(h.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(h.get('content-type')).toBe('application/json');
  });
});
