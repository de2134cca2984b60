#!/usr/bin/env node
// `npm start`: builds the server when the build is missing or older than the
// sources, then runs it. Without DATABASE_URL it uses the embedded SQLite
// database under ./data and creates the demo organization on first start.
import { spawnSync } from 'node:child_process';
import { buildIfStale, buildWebIfStale } from './build-if-stale.mjs';
import { ENTRY, SERVER_NODE_FLAGS } from './server-node.mjs';

try {
  buildIfStale();
  await buildWebIfStale();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '--enable-source-maps', ENTRY], { stdio: 'inherit' });
process.exit(run.status ?? 1);
