// The Vercel AI SDK against the gateway: the default openai(...) provider (Responses API) and
// @ai-sdk/openai-compatible (chat completions), with a tool over two steps.
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type LanguageModel, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../test/http/targets.ts';
import { toolAnswer, toolBackend } from '../lib/chat-backend.ts';
import { type Stack, chatBodies, startStack } from '../lib/stack.ts';

const FROM_FAST = 'Hello from the a backend, answering as model sim-fast.';
const weatherTool = () => ({
  get_weather: tool({
    description: 'Weather for a city',
    inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }),
    execute: async ({ city }) => ({ city, temp_c: 21 }),
  }),
});

/** The AI SDK cases against one gateway entry. */
export function describeAiSdk(target: Target): void {
  describe(`Vercel AI SDK (${target.name})`, () => {
    let stack: Stack;
    let responses: (id: string) => LanguageModel;
    let compatible: (id: string) => LanguageModel;
    beforeAll(async () => {
      stack = await startStack(target);
      const openai = createOpenAI({ baseURL: stack.v1, apiKey: 'dummy-key' });
      responses = (id) => openai(id);
      const chat = createOpenAICompatible({ name: 'understudy', baseURL: stack.v1, apiKey: 'dummy-key', includeUsage: true });
      compatible = (id) => chat.chatModel(id);
    });
    afterAll(() => stack?.stop());
    beforeEach(() => stack.reset());

    for (const [name, model] of [['openai(...) (Responses)', () => responses('fast')], ['@ai-sdk/openai-compatible (chat)', () => compatible('fast')]] as const) {
      it(`generateText with ${name} answers`, async () => {
        const r = await generateText({ model: model(), prompt: 'say hi', maxRetries: 0 });
        expect(r.text).toBe(FROM_FAST);
        expect(r.finishReason).toBe('stop');
      });

      it(`streamText with ${name} streams the answer`, async () => {
        const errors: unknown[] = [];
        const r = streamText({ model: model(), prompt: 'say hi', maxRetries: 0, onError: ({ error }) => void errors.push(error) });
        let text = '';
        for await (const delta of r.textStream) text += delta;
        expect(errors).toEqual([]);
        expect(text).toBe(FROM_FAST);
        expect(await r.finishReason).toBe('stop');
      });

      it(`generateText with ${name} runs a tool over two steps`, async () => {
        stack.a.use(toolBackend('a'));
        const r = await generateText({ model: model(), prompt: 'Weather in Paris?', tools: weatherTool(), stopWhen: stepCountIs(2), maxRetries: 0 });
        expect(r.steps).toHaveLength(2);
        expect(r.steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'get_weather', input: { city: 'Paris' } });
        expect(r.steps[0]?.toolResults[0]?.output).toEqual({ city: 'Paris', temp_c: 21 });
        expect(r.text).toBe(toolAnswer('a', 'sim-fast'));
        const second = chatBodies(stack.a).at(-1)!.messages as Array<Record<string, unknown>>;
        expect(second.at(-1)).toMatchObject({ role: 'tool', content: JSON.stringify({ city: 'Paris', temp_c: 21 }) });
      });

      it(`streamText with ${name} runs a tool over two steps`, async () => {
        stack.a.use(toolBackend('a'));
        const errors: unknown[] = [];
        const r = streamText({ model: model(), prompt: 'Weather in Paris?', tools: weatherTool(), stopWhen: stepCountIs(2), maxRetries: 0, onError: ({ error }) => void errors.push(error) });
        const parts: string[] = [];
        for await (const part of r.fullStream) parts.push(part.type);
        expect(errors).toEqual([]);
        expect(parts).toContain('tool-call');
        expect(parts).toContain('tool-result');
        expect(parts).not.toContain('error');
        expect(await r.text).toBe(toolAnswer('a', 'sim-fast'));
      });
    }

    it('a second turn built from response.messages resolves its item_reference', async () => {
      const model = responses('fast');
      const first = await generateText({ model, prompt: 'say hi', maxRetries: 0 });
      const messages = [{ role: 'user' as const, content: 'say hi' }, ...first.response.messages, { role: 'user' as const, content: 'again' }];
      const second = await generateText({ model, messages, maxRetries: 0 });
      expect(second.text).toBe(FROM_FAST);
      const upstream = chatBodies(stack.a).at(-1)!.messages as Array<Record<string, unknown>>;
      expect(upstream.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      expect(upstream[1]).toMatchObject({ role: 'assistant', content: FROM_FAST });
    });
  });
}
