// The client conformance suite: real SDKs and CLIs against the gateway entries, run by run.sh
// inside a loopback-only network namespace. Files end in .conformance.ts, not .test.ts, so the
// root `vitest run` (which has no config and takes every *.test.ts) never picks them up.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.conformance.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own gateways and CLIs; two at once is what the machine has.
    maxWorkers: 2,
  },
});
