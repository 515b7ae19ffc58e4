// Raw HTTP/1.1 over a socket, for what fetch refuses to send: absolute-form targets, dot
// segments, garbage request lines, trickled headers.
import { connect } from 'node:net';

export interface RawResult {
  /** Everything the server sent before closing (or before the wait ran out). */
  text: string;
  status: number | undefined;
  /** The server closed the connection. */
  closed: boolean;
  ms: number;
}

/**
 * Sends `parts` in order (a number is a pause in ms) and collects the answer. Stops at the
 * first complete response when `untilResponse` is set, else at close or after `waitMs`.
 */
export function rawHttp(origin: string, parts: Array<string | Buffer | number>, { waitMs = 3000, untilResponse = true } = {}): Promise<RawResult> {
  const { hostname, port } = new URL(origin);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: m ? Number(m[1]) : undefined, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (untilResponse && isComplete(text)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', async () => {
      for (const part of parts) {
        if (done) return;
        if (typeof part === 'number') await new Promise((r) => setTimeout(r, part));
        else socket.write(part);
      }
    });
  });
}

function isComplete(text: string): boolean {
  const head = text.indexOf('\r\n\r\n');
  if (head < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, head));
  if (length) return text.length - head - 4 >= Number(length[1]);
  return /\r\ntransfer-encoding: *chunked/i.test(text.slice(0, head)) ? text.endsWith('0\r\n\r\n') : false;
}

/** Sends `request` and resolves with the first chunk the socket reads: what one write of the server carried. */
export function firstRead(origin: string, request: string, waitMs = 3000): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const finish = (text: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    };
    const timer = setTimeout(() => finish(''), waitMs);
    socket.once('data', (d) => finish(d.toString('latin1')));
    socket.on('error', () => finish(''));
  });
}
