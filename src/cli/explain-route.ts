import type { Backend, GatewayConfig } from '../config/types.ts';
import { createRouter, patternToRegex } from '../routing/resolve-chain.ts';
import { modelFor } from '../upstream/upstream-request.ts';
import { stitchPath } from '../upstream/upstream-url.ts';
import { API_PATHS, type RequestApi } from './request-shape.ts';

/** How one backend of the chain would be sent the call. */
export interface RouteStep {
  backend: string;
  /** `passthrough`: in the call's own API, model forced; `translated`: onto chat completions; `skipped`: not sent. */
  route: 'passthrough' | 'translated' | 'skipped';
  /** Where it goes; absent when skipped. */
  url?: string;
  /** What it would be sent as `model`; null when the call names none and none is forced. */
  model: string | null;
  /** Why that model: `models map`, `forced`, `embedding_model`, `as requested`. */
  modelFrom: 'models map' | 'forced' | 'embedding_model' | 'as requested';
  note?: string;
}

/** Where a requested model goes: its alias, how it matched, and each backend in order. */
export interface RouteExplanation {
  requested?: string;
  alias: string;
  /** `exact`: an alias of that name; `pattern`: the most specific `*` alias that matches; `default`: none matched. */
  match: 'exact' | 'pattern' | 'default';
  api: RequestApi;
  steps: RouteStep[];
}

/**
 * Explains a call as the gateway would route it, with the gateway's own router and model
 * choice: the alias, then per backend the URL, the model sent, and passthrough or translation.
 */
export function explainRoute(config: GatewayConfig, requested: string | undefined, api: RequestApi): RouteExplanation {
  const { alias, backends } = createRouter(config)(requested);
  const match =
    requested === undefined ? 'default'
    : alias === requested && !alias.includes('*') ? 'exact'
    : alias.includes('*') && patternToRegex(alias).test(requested) ? 'pattern'
    : 'default';
  const embeddingChain = api === 'embeddings' && backends.some((b) => b.embeddingModel !== undefined);
  const steps = backends.map((b) => (embeddingChain && b.embeddingModel === undefined ? skipped(b) : step(b, requested, api)));
  return { ...(requested !== undefined ? { requested } : {}), alias, match, api, steps };
}

function skipped(b: Backend): RouteStep {
  return { backend: b.name, route: 'skipped', model: null, modelFrom: 'as requested', note: 'no embedding_model: embeddings go to the backends of the chain that set one' };
}

function step(b: Backend, requested: string | undefined, api: RequestApi): RouteStep {
  // Text completions and embeddings belong to the OpenAI API a "chat" backend speaks.
  const speaks = (b.api as string[]).includes(api === 'completions' || api === 'embeddings' ? 'chat' : api);
  const translated = !speaks && (api === 'responses' || api === 'messages');
  const path = translated ? API_PATHS.chat : API_PATHS[api];
  const chosen = pickModel(b, requested, api);
  const note = !speaks && !translated ? `the backend lists ${b.api.join(', ')} only; the call goes as ${api === 'embeddings' ? 'embeddings' : 'chat completions'} anyway` : undefined;
  return { backend: b.name, route: translated ? 'translated' : 'passthrough', url: stitchPath(b.baseUrl, path), ...chosen, ...(note ? { note } : {}) };
}

function pickModel(b: Backend, requested: string | undefined, api: RequestApi): Pick<RouteStep, 'model' | 'modelFrom'> {
  if (api === 'embeddings') return b.embeddingModel !== undefined ? { model: b.embeddingModel, modelFrom: 'embedding_model' } : { model: requested ?? null, modelFrom: 'as requested' };
  const forced = modelFor(b, requested);
  if (forced === undefined) return { model: requested ?? null, modelFrom: 'as requested' };
  return { model: forced, modelFrom: requested !== undefined && b.models?.[requested] !== undefined ? 'models map' : 'forced' };
}
