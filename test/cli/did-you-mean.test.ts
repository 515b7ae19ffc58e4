import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean, editDistance } from '../../src/cli/did-you-mean.ts';

describe('did-you-mean', () => {
  it('counts a swap of two neighbours as one edit, as a typo is', () => {
    expect(editDistance('modle', 'model')).toBe(1);
    expect(editDistance('base_ur', 'base_url')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest name, or nothing when none is near', () => {
    expect(didYouMean('chek', ['init', 'check', 'explain'])).toBe(' (did you mean "check"?)');
    expect(didYouMean('fsat', ['fast', 'smart'], '--')).toBe(' (did you mean "--fast"?)');
    expect(didYouMean('zzz', ['init', 'check'])).toBe('');
  });

  it('ranks model names by closeness, case aside, and finds a name inside a longer one', () => {
    const ids = ['deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'];
    expect(closestNames('deepseek-v3', ids)).toEqual(['deepseek-ai/DeepSeek-V3']);
    expect(closestNames('gpt-5.2', ['gpt-5.1', 'gpt-5', 'gpt-4o', 'o3'])).toEqual(['gpt-5.1', 'gpt-5']);
  });
});
