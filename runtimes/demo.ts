// `npm run demo`: the gateway on Node in front of two simulated backends on loopback, no keys needed.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createSimulatedBackend } from '../src/simulator/simulated-backend.ts';

const listen = (fetch: (req: Request) => Promise<Response>) =>
  new Promise<number>((resolve) => serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port)));

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

const base = `http://${process.env.BIND_HOST || '127.0.0.1'}:${process.env.PROXY_PORT || 8086}/v1`;
console.log(`
Demo: "fast" is simulated on :${fastPort} and answers 503 to every 3rd request; "smart" on :${smartPort} is slower and never fails.
Try, in another terminal:
  curl -s ${base}/chat/completions -H 'content-type: application/json' -d '{"model":"gpt-4","messages":[{"role":"user","content":"hi"}]}'
      (any model name goes to fast, which gets model "sim/fast-mini"; run it three times: the third fails over to smart)
  curl -sN ${base}/chat/completions -H 'content-type: application/json' -d '{"model":"smart","stream":true,"messages":[{"role":"user","content":"hi"}]}'
      (SSE streamed chunk by chunk from smart)
  curl -si ${base}/chat/completions -H 'content-type: application/json' -d '{"model":"fast","messages":[]}' | grep -i x-understudy
      (which backend answered, and every attempt)
  curl -s ${base}/models ; curl -s ${base.replace(/\/v1$/, '')}/health
Or point the OpenAI SDK at baseURL ${base} with any apiKey. Ctrl-C stops.
`);
