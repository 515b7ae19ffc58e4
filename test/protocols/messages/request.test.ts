import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messagesToChat } from '../../../src/protocols/messages/request.ts';
import { TranslationError } from '../../../src/protocols/messages/translation-error.ts';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const base = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, Claude' }] };
const plain = { reasoning: false };

function rejects(body: unknown, param: string, message?: RegExp): void {
  try {
    messagesToChat(body, plain);
  } catch (error) {
    expect(error).toBeInstanceOf(TranslationError);
    expect((error as TranslationError).param).toBe(param);
    if (message) expect((error as TranslationError).message).toMatch(message);
    return;
  }
  throw new Error('expected a TranslationError');
}

describe('messagesToChat', () => {
  it('translates the SDK README request: model copied, max_tokens, one user message', () => {
    const { body, notes, reply } = messagesToChat(base, plain);
    expect(body).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, Claude' }] });
    expect(notes).toEqual([]);
    expect(reply).toEqual({ model: 'claude-sonnet-4-5', stopSequences: [] });
  });

  it('sets stream with include_usage, sampling fields, stop and user; drops top_k with a note', () => {
    const { body, notes, reply } = messagesToChat(
      { ...base, stream: true, temperature: 0.2, top_p: 0.9, top_k: 40, stop_sequences: ['\n\nHuman:'], metadata: { user_id: 'user-1' } },
      plain,
    );
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true }, temperature: 0.2, top_p: 0.9, stop: ['\n\nHuman:'], user: 'user-1' });
    expect(body).not.toHaveProperty('top_k');
    expect(notes).toEqual(['top_k dropped']);
    expect(reply.stopSequences).toEqual(['\n\nHuman:']);
  });

  it('keeps four stop sequences, the most OpenAI takes, but matches all in the answer', () => {
    const stops = ['a', 'b', 'c', 'd', 'e'];
    const { body, notes, reply } = messagesToChat({ ...base, stop_sequences: stops }, plain);
    expect(body.stop).toEqual(['a', 'b', 'c', 'd']);
    expect(reply.stopSequences).toEqual(stops);
    expect(notes).toEqual(['stop_sequences past the first 4 dropped']);
  });

  it('maps thinking budgets onto reasoning_effort where the backend takes it', () => {
    const effort = (thinking: unknown, extra: Record<string, unknown> = {}) => messagesToChat({ ...base, thinking, ...extra }, { reasoning: true }).body.reasoning_effort;
    expect(effort({ type: 'enabled', budget_tokens: 1024 })).toBe('low');
    expect(effort({ type: 'enabled', budget_tokens: 4000 })).toBe('low');
    expect(effort({ type: 'enabled', budget_tokens: 10_000 })).toBe('medium');
    expect(effort({ type: 'enabled', budget_tokens: 31_999 })).toBe('high');
    expect(effort({ type: 'adaptive' })).toBeUndefined();
    expect(effort({ type: 'adaptive' }, { output_config: { effort: 'medium' } })).toBe('medium');
    expect(effort({ type: 'adaptive' }, { output_config: { effort: 'max' } })).toBe('high');
    expect(effort({ type: 'disabled' })).toBeUndefined();
  });

  it('drops thinking with a note where the backend takes no reasoning effort', () => {
    const { body, notes } = messagesToChat({ ...base, thinking: { type: 'enabled', budget_tokens: 2048 } }, plain);
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(notes).toEqual(['thinking dropped: the backend takes no reasoning effort']);
  });

  it('caps max_tokens at the backend limit, with a note', () => {
    const { body, notes } = messagesToChat({ ...base, max_tokens: 32_000 }, { reasoning: false, maxOutputTokens: 8192 });
    expect(body.max_tokens).toBe(8192);
    expect(notes).toEqual(['max_tokens capped at 8192']);
  });

  it('turns a JSON schema output format (or the beta output_format) into response_format', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const expected = { type: 'json_schema', json_schema: { name: 'response', schema } };
    expect(messagesToChat({ ...base, output_config: { format: { type: 'json_schema', schema } } }, plain).body.response_format).toEqual(expected);
    expect(messagesToChat({ ...base, output_format: { type: 'json_schema', schema } }, plain).body.response_format).toEqual(expected);
  });

  it('notes fields it drops by name, and keeps quiet about cache_control', () => {
    const { notes } = messagesToChat({ ...base, cache_control: { type: 'ephemeral' }, context_management: { edits: [] }, service_tier: 'auto' }, plain);
    expect(notes).toEqual(['context_management dropped', 'service_tier dropped']);
  });

  it('refuses malformed bodies with the field named', () => {
    rejects('hello', '');
    rejects({ ...base, model: 7 }, 'model', /model must be a string/);
    rejects({ ...base, max_tokens: 0 }, 'max_tokens');
    rejects({ model: 'm', messages: [] }, 'max_tokens');
    rejects({ ...base, messages: 'hi' }, 'messages', /must be an array/);
    rejects({ ...base, temperature: 'hot' }, 'temperature');
    rejects({ ...base, thinking: { type: 'sometimes' } }, 'thinking.type');
    rejects({ ...base, output_config: { format: { type: 'xml' } } }, 'output_config.format.type');
    rejects({ ...base, metadata: { user_id: 5 } }, 'metadata.user_id');
  });

  it("translates Claude Code's first turn: billing line and cached system blocks joined, 11 of 12 tools, high effort", () => {
    const { body, notes } = messagesToChat(fixture('claude-code-first-turn'), { reasoning: true });
    const system = body.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/^x-anthropic-billing-header: cc_version=2\.1\.332\.2d2; cc_entrypoint=sdk-cli;\nYou are a Claude agent/);
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(body.tools?.map((t) => t.function.name)).toEqual(['Agent', 'Bash', 'Edit', 'ListAgents', 'Read', 'ReportFindings', 'ScheduleWakeup', 'Skill', 'ToolSearch', 'Workflow', 'Write']);
    expect(body).toMatchObject({ max_tokens: 32000, stream: true, reasoning_effort: 'high' });
    // Claude Code's user_id is a JSON object of ~150 characters; OpenAI takes 64 at most.
    expect(body.user).toMatch(/^hash-[0-9a-f]{16}$/);
    expect(messagesToChat(fixture('claude-code-first-turn'), { reasoning: true }).body.user).toBe(body.user);
    expect(notes).toEqual(['deferred tools not loaded yet left out', 'context_management dropped']);
  });

  it("translates Claude Code's tool round trip into an assistant tool call and its tool message", () => {
    const { body } = messagesToChat(fixture('claude-code-tool-round-trip'), { reasoning: true });
    expect(body.messages.slice(2)).toEqual([
      { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/home/dev/project/notes.txt"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: expect.stringMatching(/^1\thello\n/) },
    ]);
  });

  it("translates Claude Code's adaptive-thinking turn: system messages join user turns, thinking replays, the error result is marked", () => {
    const { body } = messagesToChat(fixture('claude-code-adaptive-thinking-history'), { reasoning: true });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'user']);
    expect(body.messages[1]!.content).toMatch(/Which text files are in this directory\?\n<system-reminder>\n# Environment/);
    expect(body.messages[2]).toMatchObject({ content: null, reasoning_content: 'The user wants the notes. I should read missing.txt first.' });
    expect(body.messages[3]!.content).toMatch(/^Error: File does not exist\./);
    expect(body.messages[4]!.content).toBe('<system-reminder>\n<total_tokens>14999888 tokens left</total_tokens>\n</system-reminder>\n(no content)\n<system-reminder>\n<total_tokens>14999888 tokens left</total_tokens>\n</system-reminder>');
    expect(body).toMatchObject({ reasoning_effort: 'high', max_tokens: 64000 });
  });
});
