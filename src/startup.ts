import type { GatewayConfig } from './config/types.ts';
import { stitchPath } from './upstream/upstream-url.ts';

/**
 * The one line each runtime prints when it listens: the address, the alias that takes any
 * model name no alias matches, and, for each backend, the URL chat completions really go to
 * and the model it forces. Never a key.
 */
export function describeStartup(config: GatewayConfig, runtime: string, address: { host: string; port: number }): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const backends = Object.values(config.backends)
    .map((b) => `${b.name} → ${stitchPath(b.baseUrl, '/v1/chat/completions')} model=${b.model ?? '(as requested)'}${b.apiKey ? ' key=set' : ''}`)
    .join('; ');
  return `understudy (${runtime}) listening on http://${host}:${address.port}/v1 | default alias ${config.defaultAlias} | ${backends}`;
}
