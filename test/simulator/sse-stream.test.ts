import { describe, expect, it } from 'vitest';
import { paced, sseResponse } from '../../src/simulator/sse-stream.ts';

const decoder = new TextDecoder();

describe('sseResponse', () => {
  it('sends each frame as its own chunk, a paced one only after its delay', async () => {
    const reader = sseResponse(paced(60, [{ text: 'data: 1\n\n', paced: false }, { text: 'data: 2\n\n', paced: true }, { text: 'data: 3\n\n', paced: false }])).body!.getReader();
    const started = performance.now();
    const chunks: Array<{ text: string; at: number }> = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push({ text: decoder.decode(r.value), at: performance.now() - started });
    expect(chunks.map((c) => c.text)).toEqual(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']);
    expect(chunks[0]!.at).toBeLessThan(50);
    expect(chunks[1]!.at).toBeGreaterThanOrEqual(55);
  });

  it('stops when the reader cancels mid-stream', async () => {
    const frames = Array.from({ length: 5 }, (_, i) => ({ text: `data: ${i}\n\n`, delayMs: i === 0 ? 0 : 30 }));
    const reader = sseResponse(frames).body!.getReader();
    expect(decoder.decode((await reader.read()).value)).toBe('data: 0\n\n');
    const pending = reader.read();
    await reader.cancel();
    expect((await pending).done).toBe(true);
  });
});
