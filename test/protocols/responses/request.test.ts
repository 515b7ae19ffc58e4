import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { responsesToChat, type ResponsesContext } from '../../../src/protocols/responses/request.ts';
import { TranslationError } from '../../../src/protocols/responses/errors.ts';
import type { ResponseObject } from '../../../src/protocols/responses/types.ts';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
const chat: ResponsesContext = { reasoning: false };
const refusal = (body: unknown, ctx: ResponsesContext = chat) => {
  try {
    responsesToChat(body, ctx);
  } catch (error) {
    if (error instanceof TranslationError) return { param: error.param, message: error.message, status: error.status };
    throw error;
  }
  throw new Error('expected a TranslationError');
};

describe('responsesToChat: a Codex 0.171 request', () => {
  const t = responsesToChat(fixture('codex-0.171-turn2.json'), { reasoning: true });

  it('turns developer messages into system messages and keeps the user turns', () => {
    expect(t.chat.messages.slice(0, 4).map((m) => m.role)).toEqual(['system', 'system', 'user', 'user']);
    expect(t.chat.messages[3]).toEqual({ role: 'user', content: 'say hi' });
  });

  it('puts the function call and the custom tool call in one assistant message, reasoning replayed', () => {
    expect(t.chat.messages[4]).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: '**Planning** I will run echo',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"echo hi"}' } },
        { id: 'call_2', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: '*** Begin Patch\n*** Add File: x.txt\n+hi\n*** End Patch\n' }) } },
      ],
    });
    expect(t.chat.messages.slice(5).map((m) => m.role === 'tool' && m.tool_call_id)).toEqual(['call_1', 'call_2']);
  });

  it('offers the custom apply_patch tool as a one-string function carrying its grammar', () => {
    const patch = t.chat.tools?.find((tool) => tool.function.name === 'apply_patch');
    expect(patch?.function.parameters).toMatchObject({ type: 'object', required: ['input'], properties: { input: { type: 'string' } } });
    expect(JSON.stringify(patch?.function.parameters)).toContain('lark grammar');
    expect(t.answer.tools.get('apply_patch')).toEqual({ type: 'custom', name: 'apply_patch' });
  });

  it('drops the built-in tools and OpenAI-only fields with notes, and streams with usage', () => {
    expect(t.chat.tools?.map((tool) => tool.function.name)).toEqual(['exec_command', 'apply_patch', 'view_image']);
    expect(t.notes).toContain('dropped built-in tools: tool_search, web_search');
    expect(t.notes).toContain('dropped fields: include, prompt_cache_key, client_metadata');
    expect(t.notes).toContain('dropped encrypted reasoning (another provider cannot decrypt it)');
    expect(t.chat).toMatchObject({ stream: true, stream_options: { include_usage: true }, reasoning_effort: 'medium', tool_choice: 'auto', parallel_tool_calls: true });
    expect(t.store).toBe(false);
  });
});

describe('responsesToChat: fields', () => {
  it('puts instructions first as a system message and a string input as the user message', () => {
    const t = responsesToChat({ model: 'gpt-5', instructions: 'Be brief.', input: 'Hello' }, chat);
    expect(t.chat).toEqual({ model: 'gpt-5', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] });
    expect(t.input).toEqual([{ type: 'message', role: 'user', content: 'Hello' }]);
  });

  it('maps max_output_tokens to max_tokens unless the backend wants max_completion_tokens', () => {
    expect(responsesToChat({ input: 'x', max_output_tokens: 50, temperature: 0.2, top_p: 0.9 }, chat).chat).toMatchObject({ max_tokens: 50, temperature: 0.2, top_p: 0.9 });
    expect(responsesToChat({ input: 'x', max_output_tokens: 50 }, { reasoning: true, maxTokensField: 'max_completion_tokens' }).chat.max_completion_tokens).toBe(50);
  });

  it('maps text.format json_schema to response_format', () => {
    const format = { type: 'json_schema', name: 'event', schema: { type: 'object', properties: { name: { type: 'string' } } }, strict: true };
    expect(responsesToChat({ input: 'x', text: { format } }, chat).chat.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'event', schema: format.schema, strict: true },
    });
    expect(responsesToChat({ input: 'x', text: { format: { type: 'json_object' } } }, chat).chat.response_format).toEqual({ type: 'json_object' });
    expect(responsesToChat({ input: 'x', text: { format: { type: 'text' } } }, chat).chat.response_format).toBeUndefined();
  });

  it('sends reasoning.effort only to a backend that takes it', () => {
    expect(responsesToChat({ input: 'x', reasoning: { effort: 'high' } }, { reasoning: true }).chat.reasoning_effort).toBe('high');
    const t = responsesToChat({ input: 'x', reasoning: { effort: 'high' } }, chat);
    expect(t.chat.reasoning_effort).toBeUndefined();
    expect(t.notes).toContain('dropped reasoning.effort (the backend takes none)');
  });

  it('refuses unknown fields and untranslatable values, naming them', () => {
    expect(refusal({ input: 'x', frobnicate: 1 })).toMatchObject({ param: 'frobnicate', status: 400 });
    expect(refusal({ input: 'x', background: true })).toMatchObject({ param: 'background' });
    expect(refusal({ input: 'x', conversation: 'conv_1' })).toMatchObject({ param: 'conversation' });
    expect(refusal({ input: 'x', text: { format: { type: 'grammar' } } })).toMatchObject({ param: 'text.format.type' });
    expect(refusal({ input: 'x', max_output_tokens: -1 })).toMatchObject({ param: 'max_output_tokens' });
    expect(refusal([])).toMatchObject({ message: 'The request body must be a JSON object' });
    expect(refusal({ model: 'm' })).toMatchObject({ param: 'input' });
  });

  it('echoes the request fields a response carries', () => {
    const t = responsesToChat({ input: 'x', instructions: 'i', store: false, max_output_tokens: 9, metadata: { a: '1' }, tool_choice: 'none' }, chat);
    expect(t.answer.echo).toMatchObject({ instructions: 'i', store: false, max_output_tokens: 9, metadata: { a: '1' }, tool_choice: 'none', parallel_tool_calls: true, previous_response_id: null });
  });
});

describe('responsesToChat: tools', () => {
  const weather = { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} }, strict: true };

  it('keeps function tools with strict, and maps tool_choice', () => {
    const t = responsesToChat({ input: 'x', tools: [weather], tool_choice: { type: 'function', name: 'get_weather' }, parallel_tool_calls: false }, chat);
    expect(t.chat.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: weather.parameters, strict: true } }]);
    expect(t.chat.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(t.chat.parallel_tool_calls).toBe(false);
  });

  it('leaves tool_choice and parallel_tool_calls out when no tool is left', () => {
    const t = responsesToChat({ input: 'x', tools: [{ type: 'web_search_preview' }], tool_choice: 'auto', parallel_tool_calls: true }, chat);
    expect(t.chat).not.toHaveProperty('tools');
    expect(t.chat).not.toHaveProperty('tool_choice');
    expect(t.chat).not.toHaveProperty('parallel_tool_calls');
  });

  it('refuses a tool_choice that names a built-in tool, or requires a tool when none is left', () => {
    expect(refusal({ input: 'x', tools: [{ type: 'file_search' }], tool_choice: { type: 'file_search' } })).toMatchObject({ param: 'tool_choice', message: expect.stringContaining('"file_search"') });
    expect(refusal({ input: 'x', tools: [{ type: 'web_search' }], tool_choice: 'required' })).toMatchObject({ param: 'tool_choice' });
  });

  it('narrows the tools to allowed_tools', () => {
    const other = { ...weather, name: 'other' };
    const t = responsesToChat({ input: 'x', tools: [weather, other], tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'other' }] } }, chat);
    expect(t.chat.tools?.map((tool) => tool.function.name)).toEqual(['other']);
    expect(t.chat.tool_choice).toBe('required');
  });

  it('flattens namespace tools and maps namespaced calls in the history (Codex 0.171)', () => {
    const t = responsesToChat(fixture('codex-0.171-namespace.json'), chat);
    expect(t.chat.tools?.map((tool) => tool.function.name)).toEqual(['exec_command', 'multi_agent_v1__close_agent', 'multi_agent_v1__resume_agent']);
    expect(t.answer.tools.get('multi_agent_v1__close_agent')).toEqual({ type: 'function', name: 'close_agent', namespace: 'multi_agent_v1' });
    expect(t.chat.messages[2]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_9', function: { name: 'multi_agent_v1__close_agent' } }] });
    expect(t.notes).toContain('dropped built-in tools: web_search');
  });

  it('names a tool without a name', () => {
    expect(refusal({ input: 'x', tools: [weather, { type: 'function' }] })).toMatchObject({ param: 'tools[1].name' });
  });
});
