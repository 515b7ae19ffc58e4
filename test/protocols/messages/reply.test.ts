import { describe, expect, it } from 'vitest';
import { matchStopSequence, newId, stopReasonOf, usageOf } from '../../../src/protocols/messages/reply.ts';

describe('reply helpers', () => {
  it('mints ids in Anthropic’s pattern, different every time', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newId('toolu_')));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^toolu_[a-zA-Z0-9]{24}$/);
  });

  it('maps every chat finish reason', () => {
    expect(stopReasonOf('stop', false, null)).toBe('end_turn');
    expect(stopReasonOf('stop', false, 'END')).toBe('stop_sequence');
    expect(stopReasonOf('length', true, null)).toBe('max_tokens');
    expect(stopReasonOf('tool_calls', false, null)).toBe('tool_use');
    expect(stopReasonOf('function_call', false, null)).toBe('tool_use');
    expect(stopReasonOf('content_filter', false, null)).toBe('refusal');
    expect(stopReasonOf(null, false, null)).toBe('end_turn');
  });

  it('matches a stop sequence only on a stop', () => {
    expect(matchStopSequence('length', 'END', 'END', ['END'])).toBeNull();
    expect(matchStopSequence('stop', 'other', 'xEND', ['END'])).toBe('END');
    expect(matchStopSequence('stop', 42, 'x', ['END'])).toBeNull();
  });

  it('subtracts cached tokens from input and never goes negative', () => {
    expect(usageOf({ prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 4 } })).toEqual({ input_tokens: 6, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 4 });
    expect(usageOf({ prompt_tokens: 1, prompt_tokens_details: { cached_tokens: 5 } }).input_tokens).toBe(0);
    expect(usageOf({ prompt_tokens: -3, completion_tokens: Number.NaN }).output_tokens).toBe(0);
  });
});
