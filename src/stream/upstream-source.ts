import type { UpstreamHandle } from './upstream-handle.ts';

/**
 * The upstream a guarded body is reading: one handle, or after a resume the next one. Once
 * the current request has ended (a deadline, a stall, the shutdown), a pending read ends too.
 */
export class UpstreamSource {
  #handle: UpstreamHandle;
  #stopHearing: () => void;

  constructor(handle: UpstreamHandle) {
    this.#handle = handle;
    this.#stopHearing = handle.upstream.listen(this.#interrupt);
  }

  get aborted(): boolean {
    return this.#handle.upstream.aborted;
  }

  get reason(): unknown {
    return this.#handle.upstream.reason;
  }

  pastTotal(): boolean {
    return this.#handle.pastTotal();
  }

  read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    return this.#handle.reader!.read();
  }

  /** Ends the current upstream request; a pending read ends with it. */
  abort(): void {
    this.#handle.upstream.abort();
  }

  cancel(reason?: unknown): Promise<void> {
    return this.#handle.reader!.cancel(reason).catch(() => {});
  }

  /** Reads from the next backend's answer from now on; the old one is done with. */
  switchTo(next: UpstreamHandle): void {
    this.close();
    this.#handle = next;
    this.#stopHearing = next.upstream.listen(this.#interrupt);
  }

  /** Stops listening and closes the current handle. */
  close(): void {
    this.#stopHearing();
    this.#handle.close();
  }

  // An aborted fetch does not always fail a read already pending on its body (seen on Deno
  // 2.9 under load), so an abort also cancels the reader, which ends that read at once.
  #interrupt = (): void => void this.#handle.reader?.cancel().catch(() => {});
}
