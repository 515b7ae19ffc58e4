import { describe, expect, it } from 'vitest';
import { explainRoute } from '../../src/cli/explain-route.ts';
import { loadConfig } from '../../src/config/load-config.ts';

const CONFIG = loadConfig(
  `
[backends.fast]
base_url = "https://api.fireworks.ai/inference/v1"
model = "accounts/fireworks/models/deepseek-v4-pro"

[backends.openai]
base_url = "https://api.openai.com/v1"
api = ["chat", "responses"]
model = "gpt-5.1"
embedding_model = "text-embedding-3-small"

[backends.claude]
base_url = "https://api.anthropic.com"
api = ["messages"]
model = "claude-sonnet-4-5"

[backends.deepseek]
base_url = "https://api.deepseek.com"
models = { "gpt-4o" = "deepseek-chat" }

[aliases]
"gpt-*" = ["deepseek", "openai"]
"claude-*" = ["claude", "fast"]
`,
  {},
);

describe('explainRoute', () => {
  it('follows the gateway\'s router: an exact alias, the most specific pattern, else the default', () => {
    expect(explainRoute(CONFIG, 'smart', 'chat')).toMatchObject({ alias: 'smart', match: 'exact' });
    expect(explainRoute(CONFIG, 'gpt-4o', 'chat')).toMatchObject({ alias: 'gpt-*', match: 'pattern' });
    expect(explainRoute(CONFIG, 'llama', 'chat')).toMatchObject({ alias: 'fast', match: 'default' });
    expect(explainRoute(CONFIG, undefined, 'chat')).toMatchObject({ alias: 'fast', match: 'default' });
  });

  it('names each backend\'s model as modelFor picks it: the models map, the forced model, or the request\'s', () => {
    expect(explainRoute(CONFIG, 'gpt-4o', 'chat').steps).toEqual([
      { backend: 'deepseek', route: 'passthrough', url: 'https://api.deepseek.com/v1/chat/completions', model: 'deepseek-chat', modelFrom: 'models map' },
      { backend: 'openai', route: 'passthrough', url: 'https://api.openai.com/v1/chat/completions', model: 'gpt-5.1', modelFrom: 'forced' },
    ]);
    expect(explainRoute(CONFIG, 'gpt-5', 'chat').steps[0]).toMatchObject({ backend: 'deepseek', model: 'gpt-5', modelFrom: 'as requested' });
  });

  it('passes a Responses call through to a backend that speaks it and translates it for the rest', () => {
    expect(explainRoute(CONFIG, 'gpt-4o', 'responses').steps.map((s) => [s.backend, s.route, s.url])).toEqual([
      ['deepseek', 'translated', 'https://api.deepseek.com/v1/chat/completions'],
      ['openai', 'passthrough', 'https://api.openai.com/v1/responses'],
    ]);
  });

  it('does the same for Anthropic Messages, and notes a chat call to a Messages-only backend', () => {
    const messages = explainRoute(CONFIG, 'claude-opus', 'messages').steps;
    expect(messages.map((s) => [s.backend, s.route, s.url, s.model])).toEqual([
      ['claude', 'passthrough', 'https://api.anthropic.com/v1/messages', 'claude-sonnet-4-5'],
      ['fast', 'translated', 'https://api.fireworks.ai/inference/v1/chat/completions', 'accounts/fireworks/models/deepseek-v4-pro'],
    ]);
    expect(explainRoute(CONFIG, 'claude-opus', 'chat').steps[0]!.note).toBe('the backend lists messages only; the call goes as chat completions anyway');
  });

  it('sends embeddings only to the backends of the chain with an embedding_model, with that model', () => {
    expect(explainRoute(CONFIG, 'gpt-4o', 'embeddings').steps).toEqual([
      { backend: 'deepseek', route: 'skipped', model: null, modelFrom: 'as requested', note: 'no embedding_model: embeddings go to the backends of the chain that set one' },
      { backend: 'openai', route: 'passthrough', url: 'https://api.openai.com/v1/embeddings', model: 'text-embedding-3-small', modelFrom: 'embedding_model' },
    ]);
    // No backend of the chain has one: all of them, the model as sent.
    expect(explainRoute(CONFIG, 'claude-x', 'embeddings').steps.map((s) => [s.route, s.model])).toEqual([
      ['passthrough', 'claude-x'],
      ['passthrough', 'claude-x'],
    ]);
  });
});
