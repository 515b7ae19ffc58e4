import type { Context } from 'hono';
import type { GatewayConfig } from '../config/types.ts';
import { GatewayError } from '../http/errors.ts';
import { parseJsonObject, readBody } from '../http/read-body.ts';
import type { Logger } from '../log.ts';
import type { Route } from '../routing/resolve-chain.ts';
import type { FetchLike } from '../upstream/attempt.ts';
import { forwardWithFailover } from '../upstream/failover.ts';
import { buildUpstreamHeaders } from '../upstream/headers.ts';
import { replaceModel } from '../upstream/model-field.ts';
import { formatAttempts, relayResponse } from '../upstream/relay.ts';
import { stitchPath } from '../upstream/upstream-url.ts';

export interface ProxyDeps {
  config: GatewayConfig;
  fetch: FetchLike;
  route: (model: unknown) => Route;
  log: Logger;
}

/**
 * The request path: read the body → pick the alias → try its backends in order → relay
 * the answer. `forceModel` is for chat/completions, whose body names a model; any other
 * `/v1/*` request goes to the fast alias with its body untouched.
 */
export function createProxyHandler({ config, fetch, route, log }: ProxyDeps, { forceModel }: { forceModel: boolean }) {
  const { timeoutMs, maxBodyBytes } = config.server;
  return async (c: Context): Promise<Response> => {
    const req = c.req.raw;
    const started = performance.now();
    const bytes = await readBody(req, maxBodyBytes);
    const json = forceModel ? parseJsonObject(bytes) : undefined;
    const model = json ? json.value.model : 'fast';
    if (model !== undefined && typeof model !== 'string') {
      throw new GatewayError(400, 'The "model" field must be a string.', { param: 'model', code: 'invalid_model' });
    }
    const { alias, backends } = route(model);
    const url = new URL(req.url);

    const result = await forwardWithFailover({
      fetch,
      backends,
      timeoutMs,
      signal: req.signal,
      buildRequest: (backend) => ({
        url: stitchPath(backend.baseUrl, url.pathname, url.search),
        method: req.method,
        headers: buildUpstreamHeaders(req.headers, backend.apiKey),
        body: json && backend.model ? replaceModel(json.text, backend.model) : bytes.length > 0 ? bytes : null,
      }),
    });

    const summary = `${req.method} ${url.pathname} model=${String(model)} alias=${alias} attempts=${formatAttempts(result.attempts)}`;
    const elapsed = () => `${Math.round(performance.now() - started)}ms`;
    if (result.kind === 'client-gone') {
      log.info(`${summary} → client left after ${elapsed()}`);
      return new Response(null, { status: 499 });
    }
    if (result.kind === 'all-failed') {
      log.warn(`${summary} → every backend failed, answered ${result.response.status} in ${elapsed()}`);
      result.response.headers.set('x-understudy-attempts', formatAttempts(result.attempts));
      return result.response;
    }
    log.info(`${summary} → ${result.backend.name} ${result.attempt.response.status} headers in ${elapsed()}`);
    return relayResponse(result.attempt, {
      backend: result.backend,
      attempts: result.attempts,
      idleMs: timeoutMs,
      onEnd: (end) => {
        if (end !== 'complete') log.warn(`${summary} → body ended: ${end} after ${elapsed()}`);
      },
    });
  };
}
