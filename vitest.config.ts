import { defineConfig } from 'vitest/config';

// Timeouts live here, not on the command line, so any one file runs as the README says
// (`npx vitest run test/http/bun.test.ts`). The socket suites start real gateways and mock
// upstreams; 30 s leaves a loaded 2-core machine headroom.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The runtime suites mostly wait on sockets and timers: three at once keep two cores busy.
    maxWorkers: 3,
  },
});
