#!/usr/bin/env node
// Builds the pages (web/ → web/dist): the workspace and the widget panel in one
// Vite build, then the widget loader as one small classic script. Prints the
// gzipped size of each entry's scripts (docs/web.md keeps the figures).
import { build } from 'vite';

export async function buildWeb({ quiet = false } = {}) {
  const logLevel = quiet ? 'warn' : 'info';
  await build({ configFile: 'web/vite.config.ts', logLevel });
  await build({ configFile: 'web/vite.loader.config.ts', logLevel });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildWeb();
}
