import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectApi } from '../../src/cli/request-shape.ts';

const CAPTURED = join(import.meta.dirname, '../fixtures/clients');

/** Every request body real clients sent (Claude Code, Codex, the SDKs), with the API its path says. */
function capturedBodies(): Array<[string, string, Record<string, unknown>]> {
  const out: Array<[string, string, Record<string, unknown>]> = [];
  for (const file of readdirSync(CAPTURED).filter((f) => f.endsWith('.json'))) {
    const session = JSON.parse(readFileSync(join(CAPTURED, file), 'utf8')) as { requests?: Array<{ method: string; url: string; body: unknown }> };
    session.requests?.forEach((r, i) => {
      const api = { '/v1/messages': 'messages', '/v1/responses': 'responses' }[r.url.split('?')[0]!];
      if (r.method === 'POST' && api && typeof r.body === 'object' && r.body !== null) out.push([`${file} #${i}`, api, r.body as Record<string, unknown>]);
    });
  }
  return out;
}

describe('detectApi', () => {
  it.each(capturedBodies())('%s: tells %s from the body alone', (_, api, body) => {
    expect(detectApi(body).api).toBe(api);
  });

  it('reads the OpenAI API reference\'s examples', () => {
    // Chat completions "Create" example, a developer message first.
    expect(detectApi({ model: 'gpt-5.1', messages: [{ role: 'developer', content: 'You are a helpful assistant.' }, { role: 'user', content: 'Hello!' }] })).toEqual({ api: 'chat', why: 'a message has role "developer"' });
    expect(detectApi({ model: 'gpt-5.1', messages: [{ role: 'user', content: 'Hello!' }], stream_options: { include_usage: true }, stream: true }).api).toBe('chat');
    // Responses "Create" example: a string input.
    expect(detectApi({ model: 'gpt-5.1', input: 'Tell me a three sentence bedtime story about a unicorn.' })).toEqual({ api: 'responses', why: 'it has "input" (say --api embeddings if it is one)' });
    expect(detectApi({ model: 'gpt-5.1', instructions: 'Talk like a pirate.', input: 'Are semicolons optional in JavaScript?' }).api).toBe('responses');
    // Embeddings "Create" example.
    expect(detectApi({ input: 'The food was delicious and the waiter...', model: 'text-embedding-3-small', encoding_format: 'float' })).toEqual({ api: 'embeddings', why: 'it has "input" and "encoding_format"' });
    expect(detectApi({ input: ['first text', 'second text'], model: 'text-embedding-3-small' }).api).toBe('embeddings');
    expect(detectApi({ input: 'one text', model: 'nomic-embed-text' }).api).toBe('embeddings');
    // Legacy text completions.
    expect(detectApi({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7 }).api).toBe('completions');
  });

  it('reads the Anthropic API reference\'s examples', () => {
    // Messages "Create" example: max_tokens and nothing only chat completions has.
    expect(detectApi({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, world' }] })).toEqual({
      api: 'messages',
      why: 'it has "max_tokens" and nothing only chat completions has (say --api chat if it is chat)',
    });
    expect(detectApi({ model: 'claude-sonnet-4-5', max_tokens: 1024, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] }).why).toBe('it has "messages" and "system"');
    const toolResult = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: '15 degrees' }] };
    expect(detectApi({ model: 'claude-sonnet-4-5', messages: [toolResult] }).api).toBe('messages');
  });

  it('takes a body with max_tokens and a system message as chat', () => {
    expect(detectApi({ model: 'fast', max_tokens: 100, messages: [{ role: 'system', content: 'x' }, { role: 'user', content: 'y' }] }).api).toBe('chat');
  });
});
