import { describe, expect, it } from 'vitest';
import { fanOut } from '../../src/observe/fan-out.ts';
import type { RecordSink } from '../../src/observe/request-record.ts';
import { makeRecord } from './records.ts';

describe('fanOut', () => {
  it('hands each call to every sink, even after one throws', () => {
    const calls: string[] = [];
    const broken: RecordSink = { started: () => { throw new Error('x'); }, answered: () => { throw new Error('x'); }, ended: () => { throw new Error('x'); } };
    const good: RecordSink = { started: () => calls.push('started'), answered: (r) => calls.push(`answered ${r.alias}`), ended: (r) => calls.push(`ended ${r.alias}`) };
    const sink = fanOut(broken, good);
    sink.started();
    sink.answered(makeRecord());
    sink.ended(makeRecord());
    expect(calls).toEqual(['started', 'answered fast', 'ended fast']);
  });
});
