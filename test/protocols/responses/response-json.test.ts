import { describe, expect, it } from 'vitest';
import { responsesToChat } from '../../../src/protocols/responses/request.ts';
import { ResponseJson } from '../../../src/protocols/responses/response-json.ts';
import { chatToResponse } from '../../../src/protocols/responses/response.ts';
import { ResponsesStreamWriter } from '../../../src/protocols/responses/stream-writer.ts';

const request = {
  model: 'gpt-5',
  instructions: 'Be brief. "Quoted" and\nnewlined, ünïcode ✓',
  input: 'hi',
  tools: [
    { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
    { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
  ],
  text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } },
  metadata: { team: 'a' },
  temperature: 0.2,
  store: false,
  stream: true,
};
const { answer } = responsesToChat(request, { reasoning: true });
const chunk = (delta: object, finish_reason: string | null = null) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'deepseek-chat', choices: [{ index: 0, delta, finish_reason }] });
const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };

describe('ResponseJson', () => {
  it('writes a whole answer byte for byte as JSON.stringify does', () => {
    const json = new ResponseJson(answer.echo);
    for (const message of [{ role: 'assistant', content: 'Hello "there"' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'assistant', reasoning_content: 'hm', content: 'x' }]) {
      for (const finish_reason of ['stop', 'tool_calls', 'length']) {
        const response = chatToResponse({ id: 'c', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason }], usage: { prompt_tokens: 3, completion_tokens: 4 } }, answer);
        expect(json.response(response)).toBe(JSON.stringify(response));
      }
    }
  });

  it("writes every event of a stream, lifecycle ones with their response included, as JSON.stringify does", () => {
    for (const end of ['finish', 'fail'] as const) {
      const json = new ResponseJson(answer.echo);
      const writer = new ResponsesStreamWriter(answer, { id: 'resp_test' });
      const events = [chunk({ role: 'assistant', reasoning_content: 'think' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({ tool_calls: [call] }), chunk({}, 'tool_calls')].flatMap((c) => writer.push(c));
      events.push(...(end === 'finish' ? writer.finish() : writer.fail('cut', 'upstream_incomplete')));
      const lifecycle = events.filter((e) => e.response !== undefined).map((e) => e.type);
      expect(lifecycle).toEqual(['response.created', 'response.in_progress', end === 'finish' ? 'response.completed' : 'response.failed']);
      for (const event of events) expect(json.event(event)).toBe(JSON.stringify(event));
    }
  });

  it('writes an event shaped otherwise (a field after the response) as JSON.stringify does', () => {
    const json = new ResponseJson(answer.echo);
    const response = chatToResponse({ choices: [{ index: 0, message: { content: 'x' }, finish_reason: 'stop' }] }, answer);
    const event = { type: 'response.completed', sequence_number: 4, response, extra: true };
    expect(json.event(event)).toBe(JSON.stringify(event));
  });

  it('writes the echo once per call: the response is rewritten each time, the request part is not', () => {
    const echo = { ...answer.echo };
    const json = new ResponseJson(echo);
    const response = chatToResponse({ choices: [{ index: 0, message: { content: 'x' }, finish_reason: 'stop' }] }, { ...answer, echo });
    const first = json.response(response);
    response.status = 'incomplete';
    echo.instructions = 'changed after the first write';
    const second = JSON.parse(json.response(response)) as Record<string, unknown>;
    expect(second.status).toBe('incomplete');
    expect(second.instructions).toBe(request.instructions);
    expect(first).toContain('"status":"completed"');
  });
});
