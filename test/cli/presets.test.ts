import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/config/dotenv.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { runCli } from '../../src/cli/index.ts';
import { PRESETS, findPreset } from '../../src/cli/presets.ts';
import { fakeIo } from './support/fake-io.ts';

describe('provider presets', () => {
  it('cover the providers the issue names, each key in its usual variable', () => {
    const keys = Object.fromEntries(PRESETS.map((p) => [p.id, p.keyEnv ?? null]));
    expect(keys).toEqual({
      openai: 'OPENAI_API_KEY',
      anthropic: 'ANTHROPIC_API_KEY',
      deepseek: 'DEEPSEEK_API_KEY',
      moonshot: 'MOONSHOT_API_KEY',
      fireworks: 'FIREWORKS_API_KEY',
      groq: 'GROQ_API_KEY',
      openrouter: 'OPENROUTER_API_KEY',
      together: 'TOGETHER_API_KEY',
      mistral: 'MISTRAL_API_KEY',
      gemini: 'GEMINI_API_KEY',
      ollama: null,
      lmstudio: null,
      vllm: null,
      llamacpp: null,
    });
  });

  it('give OpenAI-SDK style base URLs, local servers on loopback and without a key', () => {
    expect(findPreset('deepseek')!.baseUrl).toBe('https://api.deepseek.com/v1');
    expect(findPreset('gemini')!.baseUrl).toBe('https://generativelanguage.googleapis.com/v1beta/openai');
    for (const p of PRESETS) {
      const url = new URL(p.baseUrl);
      if (p.local) expect([url.hostname, p.keyEnv]).toEqual(['127.0.0.1', undefined]);
      else expect(url.protocol).toBe('https:');
      expect(p.api).toContain(p.id === 'anthropic' ? 'messages' : 'chat');
    }
    expect(findPreset('openai')!.api).toEqual(['chat', 'responses']);
  });

  it('are found by other common names', () => {
    expect([findPreset('Kimi')?.id, findPreset('claude')?.id, findPreset('llama.cpp')?.id, findPreset('LM-Studio')?.id]).toEqual(['moonshot', 'anthropic', 'llamacpp', 'lmstudio']);
  });

  it.each(PRESETS.map((p) => [p.id]))('%s: init writes a .env and a gateway.toml the gateway loads', async (id) => {
    const preset = findPreset(id)!;
    const env = preset.keyEnv ? { [preset.keyEnv]: 'sk-test' } : {};
    const dot = fakeIo({ env });
    expect(await runCli(['init', '--fast', id], dot.io)).toBe(0);
    const fromDotenv = loadConfig(undefined, parseDotenv(dot.disk.get('.env')!));
    expect(fromDotenv.backends.fast).toMatchObject({ baseUrl: preset.baseUrl, api: ['chat'], ...(preset.fast ? { model: preset.fast } : {}) });
    expect(fromDotenv.backends.fast!.apiKey).toBe(preset.keyEnv ? 'sk-test' : undefined);

    const toml = fakeIo({ env });
    expect(await runCli(['init', '--toml', '--fast', id], toml.io)).toBe(0);
    const fromToml = loadConfig(toml.disk.get('gateway.toml'), env);
    expect(fromToml.backends.smart).toMatchObject({ baseUrl: preset.baseUrl, api: [...preset.api] });
    expect([fromToml.backends.smart!.model, fromToml.backends.smart!.apiKey]).toEqual([preset.smart, preset.keyEnv ? 'sk-test' : undefined]);
  });
});
