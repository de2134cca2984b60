// Builds the server (`nest build`) when dist/src/main.js is missing or older
// than any source; used by `npm start` and the benchmarks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ENTRY = 'dist/src/main.js';

const newest = (dir) => {
  if (!fs.existsSync(dir)) return 0;
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
};

/** Returns true when it built; throws when the build fails. */
export function buildIfStale(log = console.log) {
  const sources = Math.max(...['src', 'admin', 'migrations'].map(newest), fs.statSync('package.json').mtimeMs);
  if (fs.existsSync(ENTRY) && fs.statSync(ENTRY).mtimeMs >= sources) return false;
  log('Building Switchboard (dist/src/main.js is missing or older than the sources)…');
  const build = spawnSync(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`build failed (exit ${build.status})`);
  return true;
}
