// The installed version of a client package, for the fixtures' provenance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENTS } from '../lib/hermetic.ts';

/** The version in clients/node_modules/<pkg>/package.json. */
export const version = (pkg: string): string => (JSON.parse(readFileSync(join(CLIENTS, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
