#!/usr/bin/env node
// `npx understudy …`: runs the CLI that `npm run build` bundles into dist/cli.js.
try {
  await import('../dist/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli.js')) throw err;
  console.error('understudy: dist/cli.js is missing: run `npm run build` first');
  process.exit(1);
}
