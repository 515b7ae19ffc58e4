import type { Backend, GatewayConfig } from '../config/types.ts';

/**
 * What changed between two configurations, in words for one log line: backends added,
 * removed or changed (which fields: a key says only that it changed), aliases, and settings.
 * Never a key's value.
 */
export function describeChanges(before: GatewayConfig, after: GatewayConfig): string[] {
  const changes: string[] = [];
  const names = new Set([...Object.keys(before.backends), ...Object.keys(after.backends)]);
  for (const name of names) {
    const [a, b] = [before.backends[name], after.backends[name]];
    if (!a) changes.push(`backend ${name} added`);
    else if (!b) changes.push(`backend ${name} removed`);
    else {
      const fields = changedFields(a, b);
      if (fields.length > 0) changes.push(`backend ${name}: ${fields.join(', ')} changed`);
    }
  }
  const aliases = changedKeys(before.aliases, after.aliases);
  if (aliases.length > 0) changes.push(`aliases ${aliases.join(', ')} changed`);
  if (before.defaultAlias !== after.defaultAlias) changes.push(`default alias ${before.defaultAlias} → ${after.defaultAlias}`);
  const { apiKeys: keysBefore, ...serverBefore } = before.server;
  const { apiKeys: keysAfter, ...serverAfter } = after.server;
  const server = changedKeys(serverBefore, serverAfter);
  if (server.length > 0) changes.push(`server ${server.join(', ')} changed`);
  if (JSON.stringify(keysBefore) !== JSON.stringify(keysAfter)) changes.push('client keys changed');
  const streaming = changedKeys(before.streaming, after.streaming);
  if (streaming.length > 0) changes.push(`streaming ${streaming.join(', ')} changed`);
  return changes;
}

function changedFields(a: Backend, b: Backend): string[] {
  const { policy: pa, ...ra } = a;
  const { policy: pb, ...rb } = b;
  return [...changedKeys(ra, rb), ...changedKeys(pa, pb)];
}

function changedKeys<T extends object>(a: T, b: T): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof T & string>;
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
