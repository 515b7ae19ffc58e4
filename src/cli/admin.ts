import { type ParsedArgs, stringFlag } from './args.ts';
import { askGateway, errorMessage, findGateway } from './gateway-client.ts';
import type { CliIo } from './io.ts';

const DONE = { reload: 'Reloaded', rollback: 'Rolled back' } as const;

/**
 * `understudy reload` / `rollback`: asks the running gateway to reload its config (or return to
 * the last good one). A JSON POST with a non-simple header, so no web page can trigger it; the
 * gateway's client key when it has them.
 */
export async function runAdmin(action: 'reload' | 'rollback', args: ParsedArgs, io: CliIo): Promise<number> {
  const target = await findGateway(io, stringFlag(args, 'url'));
  const answer = await askGateway(io, target, `/admin/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-understudy-admin': '1' },
    body: '{}',
  }, 30_000);
  if (!answer.ok) {
    io.err(`${action}: ${answer.reason}`);
    return 1;
  }
  const body = answer.body as { ok?: unknown; changed?: unknown } | undefined;
  if (answer.status >= 200 && answer.status < 300 && body?.ok === true) {
    const changed = Array.isArray(body.changed) ? body.changed.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))) : [];
    io.out(`${DONE[action]}: ${changed.length > 0 ? `changed ${changed.join(', ')}` : 'nothing changed'}`);
    return 0;
  }
  // The gateway's own "no route" answer: one from before hot reload.
  const code = (answer.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (answer.status === 404 && (code === 'not_found' || errorMessage(answer.body) === undefined)) {
    io.err(`${action}: the gateway at ${target.url} has no /admin/${action} (a version without hot reload?)`);
    return 1;
  }
  io.err(`${action} refused (${answer.status}): ${errorMessage(answer.body) ?? 'no reason given'}`);
  return 1;
}
