import { hexId } from '../random-id.ts';

/**
 * Ids in OpenAI's style (`resp_…`, `msg_…`, `fc_…`): a prefix and 32 random hex digits, unique
 * per process and across restarts, so ids a client keeps never meet a reused one in the store.
 */
export function newId(prefix: string): string {
  return hexId(`${prefix}_`);
}
