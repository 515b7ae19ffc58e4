// Backends that speak Responses and Messages natively (`api = [...]` in gateway.toml): the
// request passes through with only the model forced, the stream ends clean, and failover mixes
// a native primary with a chat-only fallback.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockUpstream, startMockUpstream } from '../../test/http/mock-upstream.ts';
import type { Gateway, Target } from '../../test/http/targets.ts';
import { failing } from '../lib/chat-backend.ts';
import { assertLoopbackOnly } from '../lib/hermetic.ts';
import { nativeAnswer, nativeBackend } from '../lib/native-backend.ts';

const FROM_CHAT = 'Hello from the b backend, answering as model sim-chat.';

function nativeToml(n: MockUpstream, c: MockUpstream): string {
  return `
default_alias = "main"
[defaults]
first_byte_timeout = 10
first_token_timeout = 10
idle_timeout = 10
cooldown_after = 0

[backends.native]
base_url = "${n.url}/v1"
model = "sim-native"
api = ["chat", "responses", "messages"]

[backends.chat]
base_url = "${c.url}/v1"
model = "sim-chat"

[aliases]
main = ["native", "chat"]
`;
}

const bodyOf = (m: MockUpstream) => JSON.parse(m.received.at(-1)!.body.toString('utf8')) as Record<string, unknown>;

/** The native-passthrough cases against one gateway entry. */
export function describeNative(target: Target): void {
  describe(`native Responses and Messages backends (${target.name})`, () => {
    let n: MockUpstream;
    let c: MockUpstream;
    let gw: Gateway;
    let openai: OpenAI;
    let anthropic: Anthropic;
    beforeAll(async () => {
      assertLoopbackOnly();
      [n, c] = await Promise.all([startMockUpstream('a'), startMockUpstream('b')]);
      gw = await target.start({}, { toml: nativeToml(n, c) });
      openai = new OpenAI({ baseURL: `${gw.origin}/v1`, apiKey: 'dummy-key', maxRetries: 0, timeout: 15_000 });
      anthropic = new Anthropic({ baseURL: gw.origin, apiKey: 'dummy-key', maxRetries: 0, timeout: 15_000 });
    });
    afterAll(async () => {
      await gw?.stop();
      await Promise.all([n?.close(), c?.close()]);
    });
    beforeEach(() => {
      n.reset();
      c.reset();
      n.use(nativeBackend('native'));
    });

    it('a streamed Responses answer passes through with the model forced and ends clean', async () => {
      const stream = openai.responses.stream({ model: 'gpt-5-codex', input: 'say hi' });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      const final = await stream.finalResponse();
      expect(final.output_text).toBe(nativeAnswer('native', 'sim-native'));
      expect(types.at(-1)).toBe('response.completed');
      expect(types).not.toContain('error');
      expect(n.received.at(-1)!.url).toBe('/v1/responses');
      expect(bodyOf(n)).toMatchObject({ model: 'sim-native', input: 'say hi', stream: true });
    });

    it('a streamed Messages answer passes through with the model forced and the beta header kept', async () => {
      const betas = ['interleaved-thinking-2025-05-14'];
      // The client's anthropic-version goes on unchanged: one the gateway would not pick itself.
      const m = await anthropic.beta.messages
        .stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'say hi' }], betas }, { headers: { 'anthropic-version': '2023-01-01' } })
        .finalMessage();
      expect(m.content[0]).toMatchObject({ type: 'text', text: nativeAnswer('native', 'sim-native') });
      const sent = n.received.at(-1)!;
      expect(sent.url.split('?')[0]).toBe('/v1/messages');
      expect(sent.headers['anthropic-beta']).toBe(betas[0]);
      expect(sent.headers['anthropic-version']).toBe('2023-01-01');
      expect(bodyOf(n)).toMatchObject({ model: 'sim-native', max_tokens: 64 });
    });

    it('Messages fail over: a native primary answers 529 overloaded_error, a chat-only fallback answers', async () => {
      n.use(failing(529));
      const m = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'say hi' }] });
      expect(m.content[0]).toMatchObject({ type: 'text', text: FROM_CHAT });
      expect(c.received.at(-1)!.url).toBe('/v1/chat/completions');
    });

    it('Responses fail over: a native primary answers 503, a chat-only fallback answers', async () => {
      n.use(failing(503));
      const r = await openai.responses.create({ model: 'gpt-5-codex', input: 'say hi' });
      expect(r.output_text).toBe(FROM_CHAT);
    });
  });
}
