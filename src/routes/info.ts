import type { Backend, GatewayConfig } from '../config/types.ts';
import type { BackendHealth } from '../routing/backend-health.ts';

/** `GET /v1/models`: the aliases a client may ask for, in OpenAI's list shape. */
export function listModels(config: GatewayConfig): Response {
  const data = Object.keys(config.aliases).map((id) => ({ id, object: 'model', created: 0, owned_by: 'understudy' }));
  return Response.json({ object: 'list', data });
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
