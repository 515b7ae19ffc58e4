import { describe, expect, it } from 'vitest';
import { stitchPath } from '../../src/upstream/upstream-url.ts';

describe('stitchPath', () => {
  it('puts the path after /v1 under the base path', () => {
    expect(stitchPath('https://api.fireworks.ai/inference/v1', '/v1/chat/completions')).toBe('https://api.fireworks.ai/inference/v1/chat/completions');
    expect(stitchPath('https://api.openai.com/v1', '/v1/completions')).toBe('https://api.openai.com/v1/completions');
    expect(stitchPath('http://h/base', '/v1')).toBe('http://h/base');
  });

  it('keeps the query string', () => {
    expect(stitchPath('http://h/v1', '/v1/embeddings', '?a=1&b=2')).toBe('http://h/v1/embeddings?a=1&b=2');
  });

  it('stays under the base path for odd paths', () => {
    expect(stitchPath('http://h/inference/v1', '/v1//evil.example/x')).toBe('http://h/inference/v1//evil.example/x');
    expect(new URL(stitchPath('http://h/inference/v1', '/v1//evil.example/x')).host).toBe('h');
  });
});
