// Jest global setup: build the server (`dist/`, for the specs that run it as its
// own process) and the pages once, when their sources changed, so that every
// spec of the run uses the same build instead of building its own.
import { buildIfStale, buildWebIfStale } from '../../scripts/build-if-stale.mjs';

export default async function globalSetup() {
  buildIfStale(() => process.stdout.write('\nBuilding the server for the specs that start it as a process…\n'));
  await buildWebIfStale(() => process.stdout.write('\nBuilding the pages for the browser tests…\n'));
}
