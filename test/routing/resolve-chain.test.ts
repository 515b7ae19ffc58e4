import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createRouter } from '../../src/routing/resolve-chain.ts';

describe('createRouter', () => {
  const route = createRouter(loadConfig(undefined, { FAST_BASE_URL: 'http://f.example', SMART_BASE_URL: 'http://s.example' }));
  const names = (model: unknown) => route(model).backends.map((b) => b.name);

  it('resolves fast and smart to their chains, both ways', () => {
    expect(names('fast')).toEqual(['fast', 'smart']);
    expect(names('smart')).toEqual(['smart', 'fast']);
  });

  it('sends any other model name, or none, to the default alias', () => {
    expect(route('gpt-4').alias).toBe('fast');
    expect(names(undefined)).toEqual(['fast', 'smart']);
    expect(names('constructor')).toEqual(['fast', 'smart']);
  });
});
