// The Anthropic SDK and @ai-sdk/anthropic against the gateway's Messages endpoint, translated
// onto chat-only simulated backends, with a tool round trip and failover on overloaded_error.
import { createAnthropic } from '@ai-sdk/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../test/http/targets.ts';
import { failing, toolAnswer, toolBackend } from '../lib/chat-backend.ts';
import { type Stack, chatBodies, startStack } from '../lib/stack.ts';

const FROM_FAST = 'Hello from the a backend, answering as model sim-fast.';
const FROM_SMART = 'Hello from the b backend, answering as model sim-smart.';
const weather = { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] };
const tools = [{ name: 'get_weather', description: 'Weather for a city', input_schema: weather }];
const hi = [{ role: 'user' as const, content: 'say hi' }];
const textOf = (m: Anthropic.Message) => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

/** The Anthropic SDK cases against one gateway entry. */
export function describeAnthropicSdk(target: Target): void {
  describe(`Anthropic SDK (${target.name})`, () => {
    let stack: Stack;
    let client: Anthropic;
    beforeAll(async () => {
      stack = await startStack(target);
      client = new Anthropic({ baseURL: stack.gw.origin, apiKey: 'dummy-key', maxRetries: 0, timeout: 15_000 });
    });
    afterAll(() => stack?.stop());
    beforeEach(() => stack.reset());

    it('messages.create answers from a chat-only backend with the forced model', async () => {
      const m = await client.messages.create({ model: 'fast', max_tokens: 256, messages: hi });
      expect(m.type).toBe('message');
      expect(textOf(m)).toBe(FROM_FAST);
      expect(m.stop_reason).toBe('end_turn');
      expect(stack.a.received.map((r) => r.url)).toEqual(['/v1/chat/completions']);
    });

    it('messages.create with stream: true sends the Messages event sequence', async () => {
      const stream = await client.messages.create({ model: 'fast', max_tokens: 256, messages: hi, stream: true });
      const types: string[] = [];
      let text = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      }
      expect(text).toBe(FROM_FAST);
      expect(types[0]).toBe('message_start');
      expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    });

    it('messages.stream().finalMessage() assembles the answer', async () => {
      const m = await client.messages.stream({ model: 'fast', max_tokens: 256, messages: hi }).finalMessage();
      expect(textOf(m)).toBe(FROM_FAST);
      expect(m.stop_reason).toBe('end_turn');
    });

    it('a tool-use round trip: tool_use, then tool_result, then the answer', async () => {
      stack.a.use(toolBackend('a'));
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
      const first = await client.messages.stream({ model: 'fast', max_tokens: 256, messages, tools }).finalMessage();
      const use = first.content.find((b) => b.type === 'tool_use');
      expect(first.stop_reason).toBe('tool_use');
      expect(use).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
      if (use?.type !== 'tool_use') return;
      messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '{"temp_c":21}' }] });
      const second = await client.messages.create({ model: 'fast', max_tokens: 256, messages, tools });
      expect(textOf(second)).toBe(toolAnswer('a', 'sim-fast'));
      const upstream = chatBodies(stack.a).at(-1)!.messages as Array<Record<string, unknown>>;
      expect(upstream.at(-1)).toMatchObject({ role: 'tool', tool_call_id: use.id, content: '{"temp_c":21}' });
    });

    it('fails over: the primary answers 529 overloaded_error, the fallback answers', async () => {
      stack.a.use(failing(529));
      const m = await client.messages.create({ model: 'fast', max_tokens: 256, messages: hi });
      expect(textOf(m)).toBe(FROM_SMART);
    });

    it('@ai-sdk/anthropic generateText and streamText answer, with a tool over two steps', async () => {
      const anthropic = createAnthropic({ baseURL: stack.v1, apiKey: 'dummy-key' });
      const plain = await generateText({ model: anthropic('fast'), prompt: 'say hi', maxRetries: 0 });
      expect(plain.text).toBe(FROM_FAST);
      stack.a.use(toolBackend('a'));
      const errors: unknown[] = [];
      const execute = async ({ city }: { city: string }) => ({ city, temp_c: 21 });
      const r = streamText({
        model: anthropic('fast'),
        prompt: 'Weather in Paris?',
        tools: { get_weather: tool({ description: 'Weather for a city', inputSchema: jsonSchema<{ city: string }>(weather), execute }) },
        stopWhen: stepCountIs(2),
        maxRetries: 0,
        onError: ({ error }) => void errors.push(error),
      });
      expect(await r.text).toBe(toolAnswer('a', 'sim-fast'));
      expect(errors).toEqual([]);
      expect((await r.steps)[0]?.toolCalls[0]).toMatchObject({ toolName: 'get_weather', input: { city: 'Paris' } });
    });
  });
}
