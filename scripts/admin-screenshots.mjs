#!/usr/bin/env node
// Remakes the pictures of docs/admin.md: runs the admin panel's browser test
// (test/supervisor-dashboard.e2e-spec.ts, test/admin-chats.e2e-spec.ts) on SQLite with SCREENSHOT_DIR set,
// so the pictures show exactly what the test checked. Needs /usr/bin/chromium.
//
//   npm run docs:screenshots   (the workspace pictures: node scripts/screenshots.mjs)
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const dir = path.resolve('docs', 'images');
const run = spawnSync(process.execPath, ['scripts/test.mjs', '--db', 'sqlite', 'test/supervisor-dashboard.e2e-spec.ts', 'test/admin-chats.e2e-spec.ts'], {
  stdio: 'inherit',
  env: { ...process.env, SCREENSHOT_DIR: dir },
});
if (run.status === 0) console.log(`screenshots written to ${dir}`);
process.exit(run.status ?? 1);
