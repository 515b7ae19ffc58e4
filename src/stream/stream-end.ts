/** How a body ended, as logged: anything but `complete` and `client-gone` is reported to the client in-band. */
export type StreamEnd = 'complete' | 'stalled' | 'total' | 'shutdown' | 'failed' | 'incomplete' | 'diverged' | 'client-gone';

/** The in-band error for each way a stream can fail after it started: message and code. */
export const FAILURE_MESSAGES: Record<Exclude<StreamEnd, 'complete' | 'client-gone'>, readonly [string, string]> = {
  stalled: ['The upstream stream fell silent past the idle timeout; the answer is incomplete.', 'upstream_timeout'],
  total: ['The request reached its total time limit; the answer is incomplete.', 'total_timeout'],
  shutdown: ['The gateway is shutting down; the answer is incomplete.', 'gateway_shutdown'],
  failed: ['The upstream connection failed mid-stream; the answer is incomplete.', 'upstream_disconnected'],
  incomplete: ['The upstream stream ended without its protocol\'s end marker; the answer is incomplete.', 'upstream_incomplete'],
  diverged: ['The stream failed and the fallback backend did not reproduce the answer so far; the answer is incomplete.', 'resume_diverged'],
};

/** Failures after which the rest of the chain may take over (verified resume). */
export const RESUMABLE: ReadonlySet<StreamEnd> = new Set(['stalled', 'failed', 'incomplete']);
