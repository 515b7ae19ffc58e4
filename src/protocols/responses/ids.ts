/**
 * Ids in OpenAI's style (`resp_…`, `msg_…`, `fc_…`): a prefix and random hex, unique per process
 * and across restarts, so ids a client keeps never meet a reused one in the store.
 */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;
}
