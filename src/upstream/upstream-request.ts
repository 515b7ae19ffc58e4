import type { Backend } from '../config/types.ts';
import { buildUpstreamHeaders } from '../http/headers.ts';
import type { IncomingCall } from '../http/incoming-call.ts';
import type { UpstreamRequest } from './attempt.ts';
import { replaceModel } from './model-field.ts';
import { stitchPath } from './upstream-url.ts';

/** The model a backend is asked for: its own name for the requested one, its forced model, or the request's. */
export function modelFor(backend: Backend, requested: string | undefined): string | undefined {
  return (requested !== undefined ? backend.models?.[requested] : undefined) ?? backend.model;
}

/**
 * Builds the request for one backend from its parts; the incoming Request is never forwarded.
 * `model`, when set, replaces the body's model (a call the gateway reads as JSON); undefined
 * leaves every byte as sent.
 */
export function buildUpstreamRequest(backend: Backend, call: IncomingCall, model: string | undefined): UpstreamRequest {
  return {
    url: stitchPath(backend.baseUrl, call.url.pathname, call.url.search),
    method: call.method,
    headers: buildUpstreamHeaders(call.headers, backend.apiKey, backend.policy.headers),
    body: model !== undefined && call.json ? replaceModel(call.bytes, model) : call.bytes.length > 0 ? call.bytes : null,
  };
}
