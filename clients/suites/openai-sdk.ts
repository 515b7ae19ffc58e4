// The openai SDK against the gateway: chat completions and the Responses API, with tools,
// failover and a cut stream, over chat-only simulated backends.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../test/http/targets.ts';
import { cutMidStream, failing, toolAnswer, toolBackend } from '../lib/chat-backend.ts';
import { type Stack, chatBodies, startStack } from '../lib/stack.ts';

const weather = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
const chatTools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a city', parameters: weather } }];
const responseTools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather for a city', parameters: weather, strict: true }];
const FROM_FAST = 'Hello from the a backend, answering as model sim-fast.';
const FROM_SMART = 'Hello from the b backend, answering as model sim-smart.';

/** The openai SDK cases against one gateway entry. */
export function describeOpenAiSdk(target: Target): void {
  describe(`openai SDK (${target.name})`, () => {
    let stack: Stack;
    let client: OpenAI;
    beforeAll(async () => {
      stack = await startStack(target);
      client = new OpenAI({ baseURL: stack.v1, apiKey: 'dummy-key', maxRetries: 0, timeout: 15_000 });
    });
    afterAll(() => stack?.stop());
    beforeEach(() => stack.reset());

    it('chat.completions.create answers with the forced model', async () => {
      const r = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'say hi' }] });
      expect(r.choices[0]?.message.content).toBe(FROM_FAST);
      expect(r.choices[0]?.finish_reason).toBe('stop');
    });

    it('chat.completions.stream helpers assemble the streamed answer', async () => {
      const stream = client.chat.completions.stream({ model: 'fast', messages: [{ role: 'user', content: 'say hi' }] });
      let deltas = '';
      stream.on('content', (delta) => (deltas += delta));
      const final = await stream.finalChatCompletion();
      expect(deltas).toBe(FROM_FAST);
      expect(final.choices[0]?.message).toMatchObject({ role: 'assistant', content: FROM_FAST });
      expect(final.choices[0]?.finish_reason).toBe('stop');
    });

    it('chat with tools: the call streams in, its result comes back as a tool message', async () => {
      stack.a.use(toolBackend('a'));
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
      const stream = client.chat.completions.stream({ model: 'fast', messages, tools: chatTools });
      const first = await stream.finalChatCompletion();
      const call = first.choices[0]?.message.tool_calls?.[0];
      expect(first.choices[0]?.finish_reason).toBe('tool_calls');
      expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
      messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: '{"temp_c":21}' });
      const second = await client.chat.completions.create({ model: 'fast', messages, tools: chatTools });
      expect(second.choices[0]?.message.content).toBe(toolAnswer('a', 'sim-fast'));
    });

    it('responses.create answers from a chat-only backend with the forced model', async () => {
      const r = await client.responses.create({ model: 'fast', input: 'say hi' });
      expect(r.status).toBe('completed');
      expect(r.output_text).toBe(FROM_FAST);
      expect(stack.a.received.map((x) => x.url)).toEqual(['/v1/chat/completions']);
    });

    it('responses streamed: deltas add up to the completed response', async () => {
      const stream = client.responses.stream({ model: 'fast', input: 'say hi' });
      const types: string[] = [];
      let deltas = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') deltas += event.delta;
      }
      const final = await stream.finalResponse();
      expect(deltas).toBe(FROM_FAST);
      expect(final.output_text).toBe(FROM_FAST);
      expect(types[0]).toBe('response.created');
      expect(types.at(-1)).toBe('response.completed');
    });

    it('responses with a function tool: call, then function_call_output, then the answer', async () => {
      stack.a.use(toolBackend('a'));
      const first = await client.responses.create({ model: 'fast', input: 'Weather in Paris?', tools: responseTools });
      expect(first.object).toBe('response');
      const call = first.output.find((o) => o.type === 'function_call');
      expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}' });
      if (call?.type !== 'function_call') return;
      const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }, call, { type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":21}' }];
      const second = await client.responses.create({ model: 'fast', input, tools: responseTools, store: false });
      expect(second.output_text).toBe(toolAnswer('a', 'sim-fast'));
      const upstream = chatBodies(stack.a).at(-1)!.messages as Array<Record<string, unknown>>;
      expect(upstream.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call.call_id, content: '{"temp_c":21}' });
    });

    it('chat fails over: the primary answers 503, the fallback answers', async () => {
      stack.a.use(failing(503));
      const r = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'say hi' }] });
      expect(r.choices[0]?.message.content).toBe(FROM_SMART);
    });

    it('responses fail over: the primary answers 503, the fallback answers', async () => {
      stack.a.use(failing(503));
      const r = await client.responses.create({ model: 'fast', input: 'say hi' });
      expect(r.output_text).toBe(FROM_SMART);
    });

    it('a chat stream cut mid-answer makes the SDK raise', async () => {
      stack.a.use(cutMidStream());
      const stream = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'say hi' }], stream: true });
      let text = '';
      const read = async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      };
      await expect(read()).rejects.toThrow(/./);
      expect(text).toBe('Partial answer ');
    });

    it('a Responses stream cut mid-answer makes the SDK raise', async () => {
      stack.a.use(cutMidStream());
      const stream = await client.responses.create({ model: 'fast', input: 'say hi', stream: true });
      const types: string[] = [];
      const read = async () => {
        for await (const event of stream) types.push(event.type);
      };
      await expect(read()).rejects.toThrow(/./);
      expect(types).toContain('response.output_text.delta');
      expect(types).not.toContain('response.completed');
    });
  });
}
