import { describe, expect, it } from 'vitest';
import { loadConfigFromSources } from '../../src/config/sources.ts';

const files = (map: Record<string, string>) => async (path: string) => map[path];

describe('loadConfigFromSources', () => {
  it('lets real environment variables win over .env', async () => {
    const { config } = await loadConfigFromSources({
      env: { FAST_MODEL_NAME: 'real' },
      readText: files({ '.env': 'FAST_BASE_URL=http://a.example\nFAST_MODEL_NAME=dotenv\n' }),
    });
    expect(config.backends.fast).toMatchObject({ baseUrl: 'http://a.example/v1', model: 'real' });
  });

  it('takes a .env variable that the environment has but leaves undefined', async () => {
    const { config, env } = await loadConfigFromSources({
      env: { FAST_BASE_URL: undefined, LOG_LEVEL: 'warn' },
      readText: files({ '.env': 'FAST_BASE_URL=http://a.example\nLOG_LEVEL=debug\n' }),
    });
    expect(config.backends.fast!.baseUrl).toBe('http://a.example/v1');
    expect(env.LOG_LEVEL).toBe('warn');
  });

  it('reads gateway.toml by default, and a missing default file is fine', async () => {
    const withFile = await loadConfigFromSources({ env: {}, readText: files({ 'gateway.toml': '[backends.fast]\nbase_url = "http://f.example"\n' }) });
    expect(withFile.config.backends.fast!.baseUrl).toBe('http://f.example/v1');
    const without = await loadConfigFromSources({ env: { FAST_BASE_URL: 'http://e.example' }, readText: files({}) });
    expect(without.config.backends.fast!.baseUrl).toBe('http://e.example/v1');
  });

  it('checks a file with settings against the schema, and takes one of only comments as empty', async () => {
    const env = { FAST_BASE_URL: 'http://e.example' };
    await expect(loadConfigFromSources({ env, readText: files({ 'gateway.toml': '[defaults]\nretries = -1\n' }) })).rejects.toThrow(/defaults\.retries/);
    await expect(loadConfigFromSources({ env, readText: files({ 'gateway.toml': '[servr]\nport = 1\n' }) })).rejects.toThrow(/unknown key servr/);
    await expect(loadConfigFromSources({ env, readText: files({ 'gateway.toml': 'port = = 1\n' }) })).rejects.toThrow(/Cannot load config "gateway\.toml"/);
    const commented = await loadConfigFromSources({ env, readText: files({ 'gateway.toml': '# [server]\n  # port = 1\n\n' }) });
    expect(commented.config.server.port).toBe(8086);
  });

  it('refuses a GATEWAY_CONFIG that does not exist', async () => {
    await expect(loadConfigFromSources({ env: { GATEWAY_CONFIG: 'x.toml', FAST_BASE_URL: 'http://e.example' }, readText: files({}) })).rejects.toThrow(
      /GATEWAY_CONFIG names "x\.toml"/,
    );
  });
});
