import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/bytes.ts';
import { readInSmallBuffers } from '../../../runtimes/deno/body-reader.ts';

/** A byte stream, as Deno's fetch bodies are, fed by `push`. */
function byteStream() {
  let controller!: ReadableByteStreamController;
  const stream = new ReadableStream({ type: 'bytes', start: (c) => void (controller = c) }) as ReadableStream<Uint8Array>;
  return { stream, push: (bytes: Uint8Array<ArrayBuffer>) => controller.enqueue(bytes), close: () => controller.close() };
}

describe('readInSmallBuffers', () => {
  it('answers a read with what has arrived, without waiting for the buffer to fill', async () => {
    const { stream, push } = byteStream();
    const reader = readInSmallBuffers(stream);
    const pending = reader.read();
    push(new TextEncoder().encode('data: {"x":1}\n\n'));
    const { done, value } = await pending;
    expect(done).toBe(false);
    expect(new TextDecoder().decode(value)).toBe('data: {"x":1}\n\n');
    expect(value!.buffer.byteLength).toBe(4096);
  });

  it('delivers every byte in order, in buffers that grow after each full read', async () => {
    const { stream, push, close } = byteStream();
    const sent = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251);
    push(sent.slice(0, 60_000));
    push(sent.slice(60_000));
    close();
    const reader = readInSmallBuffers(stream);
    const got: Uint8Array[] = [];
    const sizes: number[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      got.push(value);
      sizes.push(value.buffer.byteLength);
    }
    expect(concatBytes(got)).toEqual(sent);
    expect(sizes.slice(0, 4)).toEqual([4096, 8192, 16384, 32768]);
    expect(Math.max(...sizes)).toBe(65536);
  });

  it('reads any other stream with a default reader', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([1, 2, 3]));
        c.close();
      },
    });
    const reader = readInSmallBuffers(stream);
    expect(await reader.read()).toEqual({ done: false, value: new Uint8Array([1, 2, 3]) });
    expect((await reader.read()).done).toBe(true);
  });

  it('cancels the stream underneath', async () => {
    let cancelled: unknown;
    const stream = new ReadableStream({ type: 'bytes', cancel: (reason) => void (cancelled = reason) }) as ReadableStream<Uint8Array>;
    await readInSmallBuffers(stream).cancel('client left');
    expect(cancelled).toBe('client left');
  });
});
