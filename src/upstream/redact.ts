const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Removes a backend's key from an error body before anyone sees it: some upstreams echo
 * the request, headers included, in their errors.
 */
export function redactKey(body: Uint8Array<ArrayBuffer>, key: string | undefined): Uint8Array<ArrayBuffer> {
  if (!key || body.length < key.length) return body;
  const text = decoder.decode(body);
  return text.includes(key) ? encoder.encode(text.replaceAll(key, '[redacted]')) : body;
}
