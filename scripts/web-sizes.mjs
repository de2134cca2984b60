#!/usr/bin/env node
// Measures the built pages (web/dist) as a browser downloads them: the gzipped
// size of every script an entry loads before it can run (its chunk and the
// chunks it imports statically), and checks each against its budget.
//   node scripts/web-sizes.mjs            prints the table; exit 1 when over a budget
//   node scripts/web-sizes.mjs --json     the figures as JSON
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const DIST = 'web/dist';
/** Budgets in bytes, gzipped (docs/web.md). */
export const BUDGETS = {
  'workspace (/app)': 300 * 1024,
  'widget loader (/widget.js)': 5 * 1024,
  'widget panel': 60 * 1024,
};

const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length;

function entryScripts(manifest, key) {
  const seen = new Set();
  const visit = (k) => {
    const chunk = manifest[k];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(key);
  return [...seen];
}

export function measure() {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8'));
  const rows = [];
  const add = (name, files) => rows.push({ name, files, gzip: files.reduce((n, f) => n + gz(f), 0), budget: BUDGETS[name] });
  add('workspace (/app)', entryScripts(manifest, 'workspace/index.html'));
  add('widget loader (/widget.js)', ['widget.js']);
  add('widget panel', entryScripts(manifest, 'widget/panel.html'));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = measure();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log('| page | scripts | gzipped | budget |\n| --- | ---: | ---: | ---: |');
    for (const r of rows) console.log(`| ${r.name} | ${r.files.length} | ${(r.gzip / 1024).toFixed(1)} KB | ${(r.budget / 1024).toFixed(0)} KB |`);
  }
  const over = rows.filter((r) => r.gzip > r.budget);
  for (const r of over) console.error(`✖ ${r.name}: ${(r.gzip / 1024).toFixed(1)} KB gzipped is over its budget of ${(r.budget / 1024).toFixed(0)} KB`);
  process.exit(over.length ? 1 : 0);
}
