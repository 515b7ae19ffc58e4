import type { GatewayConfig } from '../config/types.ts';

/** `GET /v1/models`: the aliases a client may ask for, in OpenAI's list shape. */
export function listModels(config: GatewayConfig): Response {
  const data = Object.keys(config.aliases).map((id) => ({ id, object: 'model', created: 0, owned_by: 'understudy' }));
  return Response.json({ object: 'list', data });
}

/** `GET /health`: the gateway's routing state. No keys: only whether one is set. */
export function health(config: GatewayConfig): Response {
  const backends = Object.values(config.backends).map((b) => ({
    name: b.name,
    base_url: b.baseUrl,
    model: b.model ?? null,
    has_api_key: b.apiKey !== undefined,
  }));
  return Response.json({ status: 'ok', default_alias: config.defaultAlias, aliases: config.aliases, backends });
}
