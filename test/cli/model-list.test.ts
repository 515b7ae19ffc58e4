import { describe, expect, it } from 'vitest';
import { listedIds, matchModel } from '../../src/cli/model-list.ts';
import { ANTHROPIC_MODELS, GEMINI_MODELS, OPENAI_MODELS, TOGETHER_MODELS } from './fixtures/provider-answers.ts';

describe('model lists', () => {
  it('reads the ids of OpenAI\'s, Anthropic\'s, Gemini\'s and Together\'s lists', () => {
    expect(listedIds(OPENAI_MODELS)).toEqual(['gpt-5.1', 'gpt-5-mini', 'gpt-4o-2024-08-06', 'text-embedding-3-small']);
    expect(listedIds(ANTHROPIC_MODELS)).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
    expect(listedIds(GEMINI_MODELS)).toEqual(['models/gemini-2.5-flash', 'models/gemini-2.5-pro']);
    expect(listedIds(TOGETHER_MODELS)).toHaveLength(2);
    expect(listedIds({ models: [] })).toBeUndefined();
  });

  it('matches a model as listed, in its models/ form, or as the alias of a dated snapshot', () => {
    expect(matchModel('gpt-5.1', listedIds(OPENAI_MODELS)!).listedAs).toBe('gpt-5.1');
    expect(matchModel('gemini-2.5-pro', listedIds(GEMINI_MODELS)!).listedAs).toBe('models/gemini-2.5-pro');
    expect(matchModel('claude-haiku-4-5', listedIds(ANTHROPIC_MODELS)!).listedAs).toBe('claude-haiku-4-5-20251001');
    // A snapshot is a date, not any suffix.
    expect(matchModel('gpt-5', listedIds(OPENAI_MODELS)!)).toEqual({ model: 'gpt-5', closest: ['gpt-5.1', 'gpt-5-mini'] });
  });
});
