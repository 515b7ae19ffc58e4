import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateInputTokens } from '../../../src/protocols/messages/count-tokens.ts';
import { TranslationError } from '../../../src/protocols/messages/translation-error.ts';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));

describe('estimateInputTokens', () => {
  it('counts a short message near what a BPE tokenizer gives, never 0', async () => {
    const hello = await estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: 'Hello, world' }] });
    expect(hello).toBeGreaterThanOrEqual(4);
    expect(hello).toBeLessThan(12);
    expect(await estimateInputTokens({ model: 'm', messages: [] })).toBe(1);
  });

  it('counts system, tool definitions, tool calls and tool results', async () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    const alone = await estimateInputTokens(base);
    const withSystem = await estimateInputTokens({ ...base, system: [{ type: 'text', text: 'You are a careful assistant. '.repeat(20) }] });
    const withTools = await estimateInputTokens({ ...base, tools: [{ name: 'get_weather', description: 'Get the weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }] });
    const withResult = await estimateInputTokens({ ...base, messages: [...base.messages, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Read', input: { file_path: '/a' } }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'word '.repeat(100) }] }] });
    expect(withSystem - alone).toBeGreaterThan(100);
    expect(withTools - alone).toBeGreaterThan(15);
    expect(withResult - alone).toBeGreaterThan(100);
  });

  it('counts an image as a fixed 1600 tokens', async () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };
    const text = await estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }] }] });
    const both = await estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, image] }] });
    expect(both - text).toBe(1600);
  });

  it("estimates Claude Code's first turn in the thousands", async () => {
    const tokens = await estimateInputTokens(fixture('claude-code-first-turn'));
    expect(tokens).toBeGreaterThan(3000);
    expect(tokens).toBeLessThan(8000);
  });

  it('refuses a body without messages', async () => {
    await expect(estimateInputTokens({ model: 'm' })).rejects.toBeInstanceOf(TranslationError);
    await expect(estimateInputTokens(null)).rejects.toBeInstanceOf(TranslationError);
  });
});
