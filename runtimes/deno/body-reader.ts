import type { ChunkReader } from '../../src/runtime-contract.ts';

const FIRST_READ = 4 << 10;
const LARGEST_READ = 64 << 10;

/**
 * Reads a byte stream into buffers of its own: 4 KiB at first, doubled after each read that
 * fills one, up to 64 KiB. A default reader on Deno's fetch body reads into 64 KiB every
 * time, and a stream waiting for its next event holds that buffer: open streams cost far less
 * memory this way (docs/performance.md). A body that is not a byte stream gets a default reader.
 * Only for a runtime whose byte streams answer a read with what has arrived (Deno); Bun 1.4
 * holds a BYOB read until the buffer is full, which would stall a stream.
 */
export function readInSmallBuffers(body: ReadableStream<Uint8Array>): ChunkReader {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    return body.getReader();
  }
  let size = FIRST_READ;
  return {
    async read() {
      const { done, value } = await reader.read(new Uint8Array(size));
      if (done || !value) return { done: true, value: undefined };
      if (value.byteLength === size && size < LARGEST_READ) size *= 2;
      return { done: false, value };
    },
    cancel: (reason) => reader.cancel(reason),
  };
}
