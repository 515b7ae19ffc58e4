// The Node entry's upstream client: undici with one keep-alive pool per connect timeout, so
// a backend's `connect_timeout` is enforced (web fetch has no such control; on Bun and Deno
// connecting counts toward the first-byte timeout instead).
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../src/upstream/attempt.ts';

const agents = new Map<number, Agent>();

function agentFor(connectTimeoutMs: number): Agent {
  let agent = agents.get(connectTimeoutMs);
  if (!agent) {
    // The gateway keeps its own deadlines; undici's 300 s header/body timeouts would cut a
    // long stream that the gateway means to let run.
    agent = new Agent({ connect: { timeout: connectTimeoutMs || undefined }, headersTimeout: 0, bodyTimeout: 0 });
    agents.set(connectTimeoutMs, agent);
  }
  return agent;
}

export const nodeFetch: FetchLike = (url, init, backend) =>
  undiciFetch(url, { ...(init as object), dispatcher: agentFor(backend?.policy.connectTimeoutMs ?? 10_000) }) as unknown as Promise<Response>;
