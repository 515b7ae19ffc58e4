import type { AtTurnEnd } from '../shared/batched-fetch.ts';

/**
 * The end of the current turn of the event loop on Deno: a message to ourselves. Deno has no
 * setImmediate, and its setTimeout(0) is Node's timer, a millisecond at least. (The port
 * keeps the process alive; the entry ends through Deno.exit.)
 */
export function turnEnd(): AtTurnEnd {
  const turn = new MessageChannel();
  const atEnd: (() => void)[] = [];
  turn.port1.onmessage = () => atEnd.splice(0).forEach((fn) => fn());
  return (fn) => {
    if (atEnd.push(fn) === 1) turn.port2.postMessage(null);
  };
}
