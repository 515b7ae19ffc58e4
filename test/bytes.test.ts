import { describe, expect, it } from 'vitest';
import { concatBytes } from '../src/bytes.ts';

describe('concatBytes', () => {
  it('joins the parts in order into a new array, views included', () => {
    const whole = new Uint8Array([9, 1, 2, 9]);
    const parts = [whole.subarray(1, 3), new Uint8Array(0), new Uint8Array([3])];
    const out = concatBytes(parts);
    expect([...out]).toEqual([1, 2, 3]);
    out[0] = 7;
    expect(whole[1]).toBe(1); // a copy, not a view
  });
});
