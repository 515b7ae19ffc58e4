// One gateway entry in front of two chat-only simulated backends, on loopback, for a suite.
import { type MockUpstream, startMockUpstream } from '../../test/http/mock-upstream.ts';
import type { Gateway, Target } from '../../test/http/targets.ts';
import { assertLoopbackOnly } from './hermetic.ts';

/** The gateway and the backends behind it: `fast` (mock a) then `smart` (mock b), as the .env setup. */
export interface Stack {
  gw: Gateway;
  a: MockUpstream;
  b: MockUpstream;
  /** e.g. http://127.0.0.1:PORT/v1 */
  v1: string;
  /** Back to the simulated backends, nothing received. */
  reset(): void;
  stop(): Promise<void>;
}

/** What every suite's gateway is told: the fast/smart pair, short deadlines, no cooldowns. */
export function stackToml(a: MockUpstream, b: MockUpstream): string {
  return `
[defaults]
first_byte_timeout = 10
first_token_timeout = 10
idle_timeout = 10
cooldown_after = 0

[backends.fast]
base_url = "${a.url}/v1"
model = "sim-fast"

[backends.smart]
base_url = "${b.url}/v1"
model = "sim-smart"
`;
}

/** Starts mock a (simulated backend "a"), mock b ("b") and the gateway entry of `target`. */
export async function startStack(target: Target): Promise<Stack> {
  assertLoopbackOnly();
  const [a, b] = await Promise.all([startMockUpstream('a'), startMockUpstream('b')]);
  const gw = await target.start({}, { toml: stackToml(a, b) });
  return {
    gw,
    a,
    b,
    v1: `${gw.origin}/v1`,
    reset: () => {
      a.reset();
      b.reset();
    },
    stop: async () => {
      await gw.stop();
      await Promise.all([a.close(), b.close()]);
    },
  };
}

/** The chat-completions requests a mock received, parsed. */
export function chatBodies(mock: MockUpstream): Array<Record<string, unknown>> {
  return mock.received.filter((r) => r.url.endsWith('/chat/completions')).map((r) => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>);
}
