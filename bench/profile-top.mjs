#!/usr/bin/env node
// Top frames of a `node --cpu-prof` profile: self time by function and by
// package (node_modules/<name>, our src, node internals).
//   node bench/profile-top.mjs FILE.cpuprofile [N] [FROM_S TO_S]
// FROM_S/TO_S: only the samples between these seconds of the profile (e.g.
// the measured phase; `--timeline` prints the busy share per second to find it).
import fs from 'node:fs';

const [file, n = '25', from = '0', to = 'Infinity'] = process.argv.slice(2).filter((a) => a !== '--timeline');
const timeline = process.argv.includes('--timeline');
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = prof.timeDeltas;
let clock = 0;
const perSecond = new Map();
prof.samples.forEach((id, i) => {
  clock += dt[i] ?? 0;
  const second = Math.floor(clock / 1e6);
  if (byId.get(id).callFrame.functionName !== '(idle)') perSecond.set(second, (perSecond.get(second) ?? 0) + (dt[i] ?? 0));
  if (clock < Number(from) * 1e6 || clock > Number(to) * 1e6) return;
  self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
});
if (timeline) console.log([...perSecond].map(([s, us]) => `${s}s ${Math.round(us / 1e4)}%`).join('  '));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (url) => {
  if (!url) return '(native/vm)';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (url.includes('/dist/src/')) return 'switchboard';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url;
};
const fn = new Map();
const pkg = new Map();
for (const [id, us] of self) {
  const { callFrame: cf } = byId.get(id);
  const name = `${cf.functionName || '(anonymous)'} ${where(cf.url)}${cf.url && !cf.url.startsWith('node:') ? ':' + (cf.lineNumber + 1) : ''}`;
  fn.set(name, (fn.get(name) ?? 0) + us);
  const p = cf.url ? where(cf.url) : cf.functionName.startsWith('(') ? cf.functionName : '(native/vm)';
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const show = (title, m, k) => {
  console.log(`\n${title} (of ${(total / 1e6).toFixed(1)} s sampled)`);
  for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, k)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
};
show('self time by package', pkg, 15);
show('self time by function', fn, Number(n));
