import type { Backend, GatewayConfig } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import type { BackendHealth } from '../routing/backend-health.ts';
import { patternToRegex } from '../routing/resolve-chain.ts';

const modelObject = (id: string) => ({ id, object: 'model', created: 0, owned_by: 'understudy' });

/** `GET /v1/models`: the alias names a client may send, in OpenAI's list shape (patterns such as `gpt-*` are not names). */
export function listModels(config: GatewayConfig): Response {
  const data = Object.keys(config.aliases)
    .filter((alias) => !alias.includes('*'))
    .map(modelObject);
  return Response.json({ object: 'list', data });
}

/** `GET /v1/models/{id}`: an alias name, or a name an alias pattern takes; else 404 as OpenAI words it. */
export function retrieveModel(config: GatewayConfig, id: string): Response {
  const known = Object.keys(config.aliases).some((alias) => (alias.includes('*') ? patternToRegex(alias).test(id) : alias === id));
  if (known) return Response.json(modelObject(id));
  throw new GatewayError(404, `The model \`${id}\` does not exist or you do not have access to it.`, { type: 'invalid_request_error', code: 'model_not_found' });
}

/** `GET /health`: the gateway's routing state and each backend's health. No keys: only whether one is set. */
export function healthReport(config: GatewayConfig, health: (b: Backend) => BackendHealth, detailed: boolean): Response {
  if (!detailed) return Response.json({ status: 'ok' });
  const backends = Object.values(config.backends).map((b) => ({
    name: b.name,
    base_url: b.baseUrl,
    model: b.model ?? null,
    has_api_key: b.apiKey !== undefined,
    ...health(b).snapshot(),
  }));
  return Response.json({ status: 'ok', default_alias: config.defaultAlias, aliases: config.aliases, backends });
}

/** `GET /admin/config` (loopback only): the resolved configuration, keys replaced by whether they are set. */
export function configReport(config: GatewayConfig): Response {
  const backends = Object.fromEntries(
    Object.values(config.backends).map(({ apiKey, ...b }) => [b.name, { ...b, has_api_key: apiKey !== undefined }]),
  );
  const { apiKeys, ...server } = config.server;
  return Response.json({ ...config, server: { ...server, client_keys: apiKeys.length }, backends });
}
