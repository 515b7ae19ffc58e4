import type { Protocol, StreamOutput } from '../protocols/protocol.ts';

/** A stream passed through in its own protocol: each event as it came, failures in the protocol's in-band form. */
export function verbatimOutput(protocol: Protocol): StreamOutput {
  return {
    verbatim: true,
    write: (event) => event.bytes,
    end: () => undefined,
    fail: (message, code) => protocol.errorEvent(message, code),
  };
}
