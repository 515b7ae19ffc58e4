import { describe, expect, it } from 'vitest';
import { responsesToChat } from '../../../src/protocols/responses/request.ts';
import { chatToResponse } from '../../../src/protocols/responses/response.ts';
import { ResponseStore } from '../../../src/protocols/responses/store.ts';

const { answer } = responsesToChat({ model: 'm', input: 'x' }, { reasoning: false });
const respond = (id: string, text = 'ok') => chatToResponse({ choices: [{ message: { content: text, reasoning_content: 'r' }, finish_reason: 'stop' }] }, answer, { id });

describe('ResponseStore', () => {
  it('finds a response with its input, and the items of both by id', () => {
    const store = new ResponseStore();
    const input = [{ type: 'message', id: 'msg_in', role: 'user', content: 'hi' }];
    const r = respond('resp_1');
    store.put(r, input);
    expect(store.response('resp_1')).toEqual({ response: r, input });
    expect(store.item('msg_in')).toEqual(input[0]);
    for (const item of r.output) expect(store.item(item.id)).toEqual(item);
    expect(store.response('resp_2')).toBeUndefined();
    expect(store.item('nope')).toBeUndefined();
  });

  it('evicts the oldest response beyond its count, and its items with it', () => {
    const store = new ResponseStore({ maxResponses: 2 });
    const first = respond('resp_1');
    store.put(first, []);
    store.put(respond('resp_2'), []);
    store.put(respond('resp_3'), []);
    expect(store.size).toBe(2);
    expect(store.response('resp_1')).toBeUndefined();
    expect(store.item(first.output[0]!.id)).toBeUndefined();
    expect(store.response('resp_3')).toBeDefined();
  });

  it('forgets responses older than its age limit', () => {
    let now = 0;
    const store = new ResponseStore({ maxAgeMs: 1000, now: () => now });
    store.put(respond('resp_1'), []);
    now = 600;
    store.put(respond('resp_2'), []);
    now = 1000;
    expect(store.response('resp_1')).toBeUndefined();
    expect(store.response('resp_2')).toBeDefined();
    now = 1600;
    expect(store.size).toBe(1);
    expect(store.response('resp_2')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps an item resent by a newer response when the older one goes', () => {
    const store = new ResponseStore({ maxResponses: 1 });
    const item = { type: 'message', id: 'msg_shared', role: 'user', content: 'hi' };
    store.put(respond('resp_1'), [item]);
    store.put(respond('resp_2'), [item]);
    expect(store.item('msg_shared')).toEqual(item);
  });

  it('evicts by the length of what it keeps, always keeping the newest', () => {
    const weight = JSON.stringify(respond('resp_1')).length + '[]'.length;
    const store = new ResponseStore({ maxBytes: 2 * weight + 10 });
    store.put(respond('resp_1'), []);
    store.put(respond('resp_2'), []);
    expect(store.size).toBe(2);
    store.put(respond('resp_3'), []);
    expect(store.size).toBe(2);
    expect(store.response('resp_1')).toBeUndefined();
    store.put(respond('resp_4'), [{ type: 'message', role: 'user', content: 'x'.repeat(3 * weight) }]);
    expect(store.size).toBe(1);
    expect(store.response('resp_4')).toBeDefined();
  });

  it('keeps a copy: changing what was put, or what a lookup returned, changes nothing stored', () => {
    const store = new ResponseStore();
    const input = [{ type: 'message', id: 'msg_in', role: 'user', content: 'hi' }];
    const r = respond('resp_1');
    store.put(r, input);
    input[0]!.content = 'changed';
    (r.output[0] as { id: string }).id = 'changed';
    const first = store.response('resp_1')!;
    (first.input[0] as { content: string }).content = 'changed again';
    expect(store.response('resp_1')!.input).toEqual([{ type: 'message', id: 'msg_in', role: 'user', content: 'hi' }]);
    expect(store.item('changed')).toBeUndefined();
  });

  it('stores the text it is given for the response, as written', () => {
    const store = new ResponseStore();
    const r = respond('resp_1', 'as built');
    store.put(r, [], JSON.stringify({ ...r, output: [] }));
    expect(store.response('resp_1')!.response.output).toEqual([]);
  });

  it('indexes items put after a lookup, and lets go of an indexed item when its response goes', () => {
    const store = new ResponseStore({ maxResponses: 2 });
    const first = respond('resp_1');
    store.put(first, [{ type: 'message', id: 'msg_a', role: 'user', content: 'a' }]);
    expect(store.item('msg_a')).toBeDefined(); // builds the index
    const second = respond('resp_2');
    store.put(second, [{ type: 'message', id: 'msg_b', role: 'user', content: 'b' }]);
    expect(store.item('msg_b')).toBeDefined();
    store.put(respond('resp_3'), []);
    expect(store.item('msg_a')).toBeUndefined();
    expect(store.item(first.output[0]!.id)).toBeUndefined();
    expect(store.item(second.output[0]!.id)).toEqual(second.output[0]);
  });

  it('stays right over many more puts than it keeps, with lookups now and then', () => {
    const store = new ResponseStore({ maxResponses: 50 });
    const kept: ReturnType<typeof respond>[] = [];
    for (let i = 0; i < 5000; i++) {
      const r = respond(`resp_${i}`);
      store.put(r, [{ type: 'message', id: `msg_in_${i}`, role: 'user', content: 'x' }]);
      kept.push(r);
      if (i % 97 === 0) expect(store.item(`msg_in_${i}`)).toBeDefined();
    }
    expect(store.size).toBe(50);
    expect(store.response('resp_4999')?.response).toEqual(kept[4999]);
    expect(store.response('resp_4950')?.response).toEqual(kept[4950]);
    expect(store.response('resp_4949')).toBeUndefined();
    expect(store.item('msg_in_4999')).toBeDefined();
    expect(store.item('msg_in_4900')).toBeUndefined();
    expect(store.item(kept[4990]!.output[0]!.id)).toEqual(kept[4990]!.output[0]);
  });

  it('answers the newest of a response put again, and counts it once', () => {
    const store = new ResponseStore();
    const first = respond('resp_1', 'first');
    const again = respond('resp_1', 'again');
    store.put(first, []);
    store.put(again, []);
    expect(store.response('resp_1')?.response).toEqual(again);
    expect(store.item(first.output[0]!.id)).toBeUndefined();
    expect(store.size).toBe(1);
  });
});
