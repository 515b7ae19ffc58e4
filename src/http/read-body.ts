import { GatewayError } from './errors.ts';

/**
 * Reads a request body whole (it is replayed to each backend tried), refusing with 413
 * as soon as it is known to exceed `limit`: from `Content-Length` before reading, or
 * while reading when the length was not declared.
 */
export async function readBody(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]! as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError(413, `Request body is larger than the gateway's limit of ${limit} bytes.`, { code: 'request_too_large' });
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A completions request body: a JSON object, as UTF-8 text and parsed. */
export function parseJsonObject(bytes: Uint8Array): { text: string; value: Record<string, unknown> } {
  let text: string;
  let value: unknown;
  try {
    text = decoder.decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new GatewayError(400, 'Request body must be valid JSON (UTF-8).', { code: 'invalid_json' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayError(400, 'Request body must be a JSON object.', { code: 'invalid_json' });
  }
  return { text, value: value as Record<string, unknown> };
}
