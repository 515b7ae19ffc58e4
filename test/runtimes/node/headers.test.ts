import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { inspect } from 'node:util';
import { NodeHeaders, requestHeadersOf } from '../../../runtimes/node/headers.ts';

// A raw list as node:http gives it (`res.rawHeaders`): names in the case sent, repeats kept.
const raw = ['Content-Type', 'application/json', 'X-Dup', 'a', 'x-dup', 'b', '__proto__', 'odd', 'X-Last', '1'];
const headersOf = (list: string[]) => new NodeHeaders(list) as unknown as Headers;

describe('NodeHeaders', () => {
  it('reads as a Headers does: any case, repeats joined, absent is null', () => {
    const h = headersOf(raw);
    expect(h.get('content-type')).toBe('application/json');
    expect(h.get('X-DUP')).toBe('a, b');
    expect(h.has('x-last')).toBe(true);
    expect(h.get('x-missing')).toBeNull();
    expect(h.has('x-missing')).toBe(false);
    expect(h.get('__proto__')).toBe('odd');
    expect(h).toBeInstanceOf(Headers);
  });

  it('shows in util.inspect (and so console.log) as its headers', () => {
    expect(inspect(headersOf(raw))).toMatch(/^Headers \{.*'X-Dup': 'a, b'/);
  });

  it('walks lower-case names in the order received, each once', () => {
    const h = headersOf(raw);
    const seen: [string, string][] = [];
    h.forEach((value, name, parent) => {
      expect(parent).toBe(h);
      seen.push([name, value]);
    });
    expect(seen).toEqual([
      ['content-type', 'application/json'],
      ['x-dup', 'a, b'],
      ['__proto__', 'odd'],
      ['x-last', '1'],
    ]);
  });

  it('walks each set-cookie as its own header, as a Headers does', () => {
    const list = ['Set-Cookie', 'a=1; Path=/', 'Content-Type', 'text/plain', 'set-cookie', 'b=2; Path=/'];
    const h = headersOf(list);
    const walked: [string, string][] = [];
    h.forEach((value, name) => walked.push([name, value]));
    const real = new Headers();
    for (let i = 0; i < list.length; i += 2) real.append(list[i]!, list[i + 1]!);
    expect(walked).toEqual([...real]);
    expect(h.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(h.get('set-cookie')).toBe('a=1; Path=/, b=2; Path=/');
  });

  it('answers every read from the changed headers once one is changed', () => {
    const h = headersOf(raw);
    h.set('x-last', '2');
    h.append('x-new', 'n');
    h.delete('x-dup');
    expect(h.get('x-last')).toBe('2');
    expect(h.has('x-dup')).toBe(false);
    const walked: string[] = [];
    h.forEach((value, name) => walked.push(`${name}=${value}`));
    expect(walked).toEqual(['__proto__=odd', 'content-type=application/json', 'x-last=2', 'x-new=n']);
    expect([...h.keys()]).toEqual(['__proto__', 'content-type', 'x-last', 'x-new']);
    expect([...new Headers(h)]).toEqual([...h]);
  });
});

describe('requestHeadersOf', () => {
  it("reads a request's raw list once, however often the core asks", () => {
    const incoming = { rawHeaders: ['Content-Type', 'application/json', 'Content-Length', '2'] } as IncomingMessage;
    const first = requestHeadersOf(incoming);
    expect(first.get('content-length')).toBe('2');
    expect(requestHeadersOf(incoming)).toBe(first);
    expect(requestHeadersOf({ rawHeaders: [] as string[] } as IncomingMessage)).not.toBe(first);
  });
});
