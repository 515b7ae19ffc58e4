import type { RecordSink } from './request-record.ts';

/** One sink that hands every call to each of `sinks`; one that throws cannot fail the request or starve the others. */
export function fanOut(...sinks: RecordSink[]): RecordSink {
  const each = (call: (sink: RecordSink) => void) => {
    for (const sink of sinks) {
      try {
        call(sink);
      } catch {
        // metrics and logs must never fail a request
      }
    }
  };
  return {
    started: () => each((s) => s.started()),
    answered: (record) => each((s) => s.answered(record)),
    ended: (record) => each((s) => s.ended(record)),
  };
}
