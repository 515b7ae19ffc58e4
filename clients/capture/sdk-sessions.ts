// Capture sessions for the SDKs, run in this process (inside the namespace) against the recorder.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import type { Outcome, Session } from './session.ts';
import { version } from './version.ts';

const weatherSchema = { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
const callWeather = () => ({ name: 'get_weather', args: { city: 'Paris' } });
const offers = (name: string) => (tools: Array<Record<string, unknown>>) => (tools.some((t) => t.name === name) ? callWeather() : undefined);

const openai = (url: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy-key', maxRetries: 0 });
const out = (pkg: string, command: string, result: unknown): Outcome => ({ client: pkg, version: version(pkg), command, exit: 0, output: JSON.stringify(result, null, 1).slice(0, 4000) });

async function responsesTool(url: string): Promise<Outcome> {
  const client = openai(url);
  const tools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather for a city', parameters: weatherSchema, strict: true }];
  const first = await client.responses.create({ model: 'gpt-5', input: 'Weather in Paris?', tools });
  const call = first.output.find((o) => o.type === 'function_call');
  if (!call || call.type !== 'function_call') throw new Error('no function call');
  const input = [{ role: 'user' as const, content: 'Weather in Paris?' }, call, { type: 'function_call_output' as const, call_id: call.call_id, output: '{"temp_c":21}' }];
  const second = await client.responses.create({ model: 'gpt-5', input, tools, store: false });
  return out('openai', 'client.responses.create (function tool round trip, input carries the call and its output)', { first: first.output, second: second.output_text });
}

async function aiSdkTwoSteps(url: string, stream: boolean): Promise<Outcome> {
  const provider = createOpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy-key' });
  const tools = { get_weather: tool({ description: 'Weather for a city', inputSchema: jsonSchema<{ city: string }>(weatherSchema), execute: async ({ city }) => ({ city, temp_c: 21 }) }) };
  const args = { model: provider('gpt-5'), prompt: 'Weather in Paris?', tools, stopWhen: stepCountIs(2), maxRetries: 0 };
  if (!stream) {
    const r = await generateText(args);
    return out('ai', "generateText({ model: openai('gpt-5'), tools, stopWhen: stepCountIs(2) })", { text: r.text, steps: r.steps.length, finishReason: r.finishReason });
  }
  const r = streamText(args);
  const text = await r.text;
  return out('ai', "streamText({ model: openai('gpt-5'), tools, stopWhen: stepCountIs(2) })", { text, steps: (await r.steps).length });
}

async function anthropicTool(url: string): Promise<Outcome> {
  const client = new Anthropic({ baseURL: url, apiKey: 'dummy-key', maxRetries: 0 });
  const tools = [{ name: 'get_weather', description: 'Weather for a city', input_schema: weatherSchema }];
  const first = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools });
  const use = first.content.find((b) => b.type === 'tool_use');
  if (!use || use.type !== 'tool_use') throw new Error('no tool_use');
  const messages = [
    { role: 'user' as const, content: 'Weather in Paris?' },
    { role: 'assistant' as const, content: first.content },
    { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: use.id, content: '{"temp_c":21}' }] },
  ];
  const second = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 256, messages, tools }).finalMessage();
  return out('@anthropic-ai/sdk', 'client.messages.create, then messages.stream(...).finalMessage() with the tool_result', { first: first.content, second: second.content });
}

async function aiSdkAnthropic(url: string): Promise<Outcome> {
  const provider = createAnthropic({ baseURL: `${url}/v1`, apiKey: 'dummy-key' });
  const tools = { get_weather: tool({ description: 'Weather for a city', inputSchema: jsonSchema<{ city: string }>(weatherSchema), execute: async ({ city }) => ({ city, temp_c: 21 }) }) };
  const r = streamText({ model: provider('claude-sonnet-4-5'), prompt: 'Weather in Paris?', tools, stopWhen: stepCountIs(2), maxRetries: 0 });
  return out('@ai-sdk/anthropic', "streamText({ model: anthropic('claude-sonnet-4-5'), tools, stopWhen: stepCountIs(2) })", { text: await r.text });
}

// A second turn built from the first turn's response.messages: the AI SDK refers to the earlier
// assistant text by id (item_reference) unless store is false, then chains with previousResponseId.
async function aiSdkConversation(url: string): Promise<Outcome> {
  const provider = createOpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy-key' });
  const model = provider('gpt-4.1');
  const first = await generateText({ model, prompt: 'say hi', maxRetries: 0 });
  const history = [{ role: 'user' as const, content: 'say hi' }, ...first.response.messages, { role: 'user' as const, content: 'again' }];
  const second = await generateText({ model, messages: history, maxRetries: 0 });
  const unstored = await generateText({ model, messages: history, maxRetries: 0, providerOptions: { openai: { store: false } } });
  const chained = await generateText({ model, prompt: 'and again', maxRetries: 0, providerOptions: { openai: { previousResponseId: first.response.id } } });
  return out('ai', "generateText with gpt-4.1: a second turn from response.messages (default store), the same with store: false, then previousResponseId", { texts: [first.text, second.text, unstored.text, chained.text] });
}

/** The SDK sessions. */
export const SDK_SESSIONS: Session[] = [
  { name: 'openai-sdk-responses-create', script: {}, run: async (url) => out('openai', "client.responses.create({ model: 'gpt-5', input: 'say hi' })", await openai(url).responses.create({ model: 'gpt-5', input: 'say hi' })) },
  {
    name: 'openai-sdk-responses-stream',
    script: {},
    run: async (url) => {
      const events: string[] = [];
      for await (const e of await openai(url).responses.create({ model: 'gpt-5', input: 'say hi', stream: true })) events.push(e.type);
      const final = await openai(url).responses.stream({ model: 'gpt-5', input: 'say hi' }).finalResponse();
      return out('openai', "responses.create({ stream: true }) then responses.stream(...).finalResponse()", { events, final: final.output_text });
    },
  },
  { name: 'openai-sdk-responses-tool', script: { tool: offers('get_weather') }, run: responsesTool },
  { name: 'ai-sdk-generate-text-tool', script: { tool: offers('get_weather') }, run: (url) => aiSdkTwoSteps(url, false) },
  { name: 'ai-sdk-stream-text-tool', script: { tool: offers('get_weather') }, run: (url) => aiSdkTwoSteps(url, true) },
  { name: 'ai-sdk-generate-text-item-reference', script: {}, run: aiSdkConversation },
  { name: 'anthropic-sdk-tool', script: { tool: offers('get_weather') }, run: anthropicTool },
  { name: 'ai-sdk-anthropic-stream-text-tool', script: { tool: offers('get_weather') }, run: aiSdkAnthropic },
];
