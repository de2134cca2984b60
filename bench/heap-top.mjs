#!/usr/bin/env node
// What a heap profile (bench:solo --heap-prof) says was allocated, in shares of
// the sampled bytes:
//   node bench/heap-top.mjs FILE [N] [--by function|package|ours]
// function: where the bytes were allocated; package: the same by npm package
// (`switchboard` for our build, `(native)` for V8 built-ins); ours: charged to
// the nearest frame of our own code up the stack (what of ours caused them).
import fs from 'node:fs';

const args = process.argv.slice(2);
const by = args.includes('--by') ? args[args.indexOf('--by') + 1] : 'function';
const [file, nArg] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--by');
const top = Number(nArg ?? 30);
const { head, samples } = JSON.parse(fs.readFileSync(file, 'utf8'));

const node = new Map();
const parentOf = new Map();
const visit = (n, parent) => {
  node.set(n.id, n);
  if (parent) parentOf.set(n.id, parent.id);
  for (const c of n.children) visit(c, n);
};
visit(head, null);

const url = (n) => n.callFrame.url;
const ours = (n) => url(n).includes('/dist/src/');
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${url(n).replace(/.*node_modules\//, '').replace(/.*\/dist\//, '')}:${n.callFrame.lineNumber + 1}`;
const packageOf = (n) => url(n).match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1] ?? (ours(n) ? 'switchboard' : url(n).split('/')[0] || '(native)');
const key = (id) => {
  if (by === 'package') return packageOf(node.get(id));
  if (by === 'ours') {
    for (let at = id; at !== undefined; at = parentOf.get(at)) if (ours(node.get(at))) return label(node.get(at));
    return '(no frame of ours)';
  }
  return label(node.get(id));
};

const bytes = new Map();
let total = 0;
for (const s of samples) {
  const k = key(s.nodeId);
  bytes.set(k, (bytes.get(k) ?? 0) + s.size);
  total += s.size;
}
console.log(`${(total / 1e6).toFixed(1)} MB sampled, by ${by}`);
for (const [k, v] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((v / total) * 100).toFixed(1).padStart(6)}%  ${k}`);
