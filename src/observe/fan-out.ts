import type { RecordSink, RequestRecord } from './request-record.ts';

/**
 * One sink that hands every call to each of `sinks`; one that throws cannot fail the request or
 * starve the others. Plain loops, no closure made per call: this runs three times per request.
 */
export function fanOut(...sinks: RecordSink[]): RecordSink {
  return {
    started() {
      for (const sink of sinks) guarded(sink, 'started');
    },
    answered(record) {
      for (const sink of sinks) guarded(sink, 'answered', record);
    },
    ended(record) {
      for (const sink of sinks) guarded(sink, 'ended', record);
    },
  };
}

function guarded(sink: RecordSink, call: 'started' | 'answered' | 'ended', record?: RequestRecord): void {
  try {
    if (call === 'started') sink.started();
    else sink[call](record!);
  } catch {
    // metrics and logs must never fail a request
  }
}
