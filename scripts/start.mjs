#!/usr/bin/env node
// `npm start`: builds the server when the build is missing or older than the
// sources, then runs it. Without DATABASE_URL it uses the embedded SQLite
// database under ./data and creates the demo organization on first start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const entry = 'dist/src/main.js';
const newest = (dir) => {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
};
const sources = Math.max(...['src', 'admin', 'migrations'].map(newest), fs.statSync('package.json').mtimeMs);
if (!fs.existsSync(entry) || fs.statSync(entry).mtimeMs < sources) {
  console.log('Building Switchboard…');
  const build = spawnSync(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit' });
process.exit(run.status ?? 1);
