import type { HttpBindings } from '@hono/node-server';
import type { EndSource } from '../../src/runtime-contract.ts';

/**
 * The client leaving before its answer is done, read off the response's close: what
 * @hono/node-server does for request.signal, without the AbortController it builds per
 * request for that. A class, not an object literal with a getter: V8 builds those through a
 * slow path (docs/performance.md).
 */
export class ClientGone implements EndSource {
  constructor(private readonly http: HttpBindings) {}

  get aborted(): boolean {
    const { incoming, outgoing } = this.http;
    return incoming.errored != null || (outgoing.destroyed && !outgoing.writableFinished);
  }

  listen(fn: () => void): () => void {
    const onClose = () => this.aborted && fn();
    this.http.outgoing.on('close', onClose); // 'close' comes once; `once` would wrap the listener
    return () => this.http.outgoing.off('close', onClose);
  }
}
