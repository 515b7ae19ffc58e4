import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { describeChanges } from '../../src/reload/config-diff.ts';

const file = (key: string, model: string, extra = '') => `[backends.a]\nbase_url = "http://a.test/v1"\napi_key = "${key}"\nmodel = "${model}"\n${extra}\n[aliases]\nx = ["a"]\n`;

describe('describeChanges', () => {
  it('names what changed, field by field, and says a key changed without ever showing it', () => {
    const changes = describeChanges(loadConfig(file('sk-old-secret', 'm1'), {}), loadConfig(file('sk-new-secret', 'm2', 'retries = 2'), {}));
    expect(changes).toEqual(['backend a: apiKey, model, retries changed']);
    expect(changes.join(' ')).not.toMatch(/sk-(old|new)-secret/);
  });

  it('lists backends added and removed, and alias changes', () => {
    const before = loadConfig(file('k', 'm'), {});
    const after = loadConfig(`[backends.b]\nbase_url = "http://b.test/v1"\n[aliases]\nx = ["b"]\n`, {});
    expect(describeChanges(before, after)).toEqual(['backend a removed', 'backend b added', 'aliases x changed']);
  });

  it('finds nothing to say about the same configuration read twice', () => {
    expect(describeChanges(loadConfig(file('k', 'm'), {}), loadConfig(file('k', 'm'), {}))).toEqual([]);
  });
});
