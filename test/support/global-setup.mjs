// Jest global setup: build the pages once (when web/ changed) so that every
// browser test of the run serves the same build instead of building its own.
import { buildWebIfStale } from '../../scripts/build-if-stale.mjs';

export default async function globalSetup() {
  await buildWebIfStale(() => process.stdout.write('\nBuilding the pages for the browser tests…\n'));
}
