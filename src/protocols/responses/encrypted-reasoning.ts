import { isObject } from './json.ts';

const ENCRYPTED = 'reasoning.encrypted_content';

/**
 * A Responses call made fit for a provider other than the one that answered its earlier
 * turns: reasoning items carrying `encrypted_content` (which only their own provider can
 * decrypt, and which another refuses) are left out, and so is asking for more of them
 * (`include: ["reasoning.encrypted_content"]`). Returns `body` itself when there is nothing to drop.
 */
export function withoutEncryptedReasoning(body: Record<string, unknown>): Record<string, unknown> {
  const input = Array.isArray(body.input) ? body.input : undefined;
  const encrypted = (item: unknown) => isObject(item) && item.type === 'reasoning' && item.encrypted_content !== undefined && item.encrypted_content !== null;
  const dropItems = input?.some(encrypted) ?? false;
  const dropInclude = Array.isArray(body.include) && body.include.includes(ENCRYPTED);
  if (!dropItems && !dropInclude) return body;
  const out = { ...body };
  if (dropItems) out.input = input!.filter((item) => !encrypted(item));
  if (dropInclude) out.include = (body.include as unknown[]).filter((entry) => entry !== ENCRYPTED);
  return out;
}
