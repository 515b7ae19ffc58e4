// `npm run demo`: the gateway on Node in front of two simulated backends on loopback, no keys needed.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createSimulatedBackend } from '../src/simulator/simulated-backend.ts';

const listen = (fetch: (req: Request) => Promise<Response>) =>
  new Promise<number>((resolve) => serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port)));

// Chat-only, as most providers are: the gateway translates /v1/responses and /v1/messages onto them.
const fastPort = await listen(createSimulatedBackend({ name: 'fast', failEvery: 3 }).fetch);
const smartPort = await listen(createSimulatedBackend({ name: 'smart', chunkDelayMs: 120 }).fetch);

Object.assign(process.env, {
  FAST_BASE_URL: `http://127.0.0.1:${fastPort}/v1`,
  FAST_MODEL_NAME: 'sim/fast-mini',
  FAST_API_KEY: '',
  SMART_BASE_URL: `http://127.0.0.1:${smartPort}/v1`,
  SMART_MODEL_NAME: 'sim/smart-large',
  SMART_API_KEY: '',
  GATEWAY_CONFIG: '',
});
await import('./node.ts');

const origin = `http://${process.env.BIND_HOST || '127.0.0.1'}:${process.env.PROXY_PORT || 8086}`;
const base = `${origin}/v1`;
console.log(`
Demo: "fast" is simulated on :${fastPort} and answers 503 to every 3rd request; "smart" on :${smartPort} is slower and never fails.
Both speak chat completions only. They answer with a line naming the backend and the model they were sent; with tools
offered, a last user message containing the word "tool" makes them call the first tool instead.

Try, in another terminal:
  curl -s ${base}/chat/completions -H 'content-type: application/json' -d '{"model":"gpt-4","messages":[{"role":"user","content":"hi"}]}'
      (any model name goes to fast, which gets model "sim/fast-mini"; run it three times: the third fails over to smart)
  curl -sN ${base}/chat/completions -H 'content-type: application/json' -d '{"model":"smart","stream":true,"messages":[{"role":"user","content":"hi"}]}'
      (SSE streamed chunk by chunk from smart)
  curl -si ${base}/chat/completions -H 'content-type: application/json' -d '{"model":"fast","messages":[]}' | grep -i x-understudy
      (which backend answered, and every attempt)
  curl -s ${base}/models ; curl -s ${origin}/health

The openai SDK (any apiKey):
  const client = new OpenAI({ baseURL: '${base}', apiKey: 'any' });
  await client.chat.completions.stream({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion();
  await client.responses.create({ model: 'smart', input: 'hi' });      // also client.responses.stream(...)

Codex CLI: in $CODEX_HOME/config.toml (default ~/.codex/config.toml)
  model_provider = "understudy"

  [model_providers.understudy]
  name = "understudy"
  base_url = "${base}"
  wire_api = "responses"          # the only one Codex has; OPENAI_BASE_URL is not read
  env_key = "UNDERSTUDY_KEY"      # sent as Authorization: Bearer; Codex needs it set, the demo takes any value
  supports_websockets = false
then: UNDERSTUDY_KEY=any codex exec --skip-git-repo-check "say hi"
  (without the top-level model_provider line: codex exec -c model_provider=understudy …)

Claude Code (no /v1: it adds /v1/messages itself):
  ANTHROPIC_BASE_URL=${origin} ANTHROPIC_AUTH_TOKEN=any claude

Ctrl-C stops.
`);
