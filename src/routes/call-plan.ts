import type { Backend } from '../config/types.ts';
import { buildUpstreamHeaders } from '../http/headers.ts';
import type { IncomingCall } from '../http/incoming-call.ts';
import { chat } from '../protocols/chat.ts';
import type { Protocol, Translation } from '../protocols/protocol.ts';
import type { PreparedAttempt } from '../upstream/failover.ts';
import { buildUpstreamRequest, modelFor } from '../upstream/upstream-request.ts';
import { stitchPath } from '../upstream/upstream-url.ts';

/**
 * How one call goes to each backend of its chain: in its own protocol where the backend speaks
 * it (model forced, every other byte as sent), else translated onto chat completions. The
 * translation is made once per request, when the first backend that needs it is reached.
 */
export function planCall(call: IncomingCall, client: Protocol | undefined, body: Record<string, unknown> | undefined, primary?: Backend): (backend: Backend) => PreparedAttempt {
  const protocol = client ?? chat;
  const requested = call.json?.model;
  const forced = protocol.modelFor ?? modelFor;
  const native = (backend: Backend): PreparedAttempt => {
    const model = call.json ? forced(backend, requested) : undefined;
    const request = buildUpstreamRequest(backend, call, model);
    protocol.adaptNative?.(request, { backend, body, model, primary: backend === primary });
    return { request, protocol };
  };
  if (!client?.translate || !body) return native;
  let translation: Translation | undefined;
  return (backend) => {
    if ((backend.api as string[]).includes(protocol.name)) return native(backend);
    translation ??= client.translate!(body);
    const chatRequest = translation.chatRequest(backend, modelFor(backend, requested));
    // The client's protocol's own headers (anthropic-beta …) mean nothing to a chat backend; the
    // backend's configured headers are the operator's call and go as set.
    const headers = buildUpstreamHeaders(call.headers, backend.apiKey, backend.policy.headers, protocol.ownHeaders);
    headers['content-type'] = 'application/json';
    // A string body: the runtime encodes it as it writes (no copy made here to be collected).
    const request = { url: stitchPath(backend.baseUrl, '/v1/chat/completions'), method: 'POST', headers, body: chatRequest };
    return { request, protocol: chat, translation };
  };
}
