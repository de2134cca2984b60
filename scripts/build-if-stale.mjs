// Builds what is missing or older than its sources: the server (`nest build`
// → dist/src/main.js) and the pages (`web/` → web/dist). Used by `npm start`,
// the benchmarks and the browser tests (which share one build of the pages).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ENTRY } from './server-node.mjs';

export { ENTRY };
export const WEB_ENTRY = 'web/dist/widget.js';

const newest = (dir) => {
  if (!fs.existsSync(dir)) return 0;
  if (!fs.statSync(dir).isDirectory()) return fs.statSync(dir).mtimeMs;
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
};

const stale = (output, sources) => {
  const t = Math.max(...sources.map(newest), fs.statSync('package.json').mtimeMs);
  return !fs.existsSync(output) || fs.statSync(output).mtimeMs < t;
};

/** Builds the server when stale. Returns true when it built; throws when the build fails. */
export function buildIfStale(log = console.log) {
  if (!stale(ENTRY, ['src', 'admin', 'migrations'])) return false;
  log('Building Switchboard (dist/src/main.js is missing or older than the sources)…');
  const build = spawnSync(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`build failed (exit ${build.status})`);
  return true;
}

/** Builds the pages when stale (the web sources, or the server types they compile against, changed). */
export async function buildWebIfStale(log = console.log) {
  if (!stale(WEB_ENTRY, ['web', 'src/modules/realtime/realtime.contract.ts'])) return false;
  log('Building the pages (web/dist is missing or older than web/)…');
  const { buildWeb } = await import('./build-web.mjs');
  await buildWeb({ quiet: true });
  return true;
}
