#!/usr/bin/env node
// Reads the relative imports of every .ts file under src/ (and admin/) and
// fails when the arrows of docs/architecture.md ("Who may import whom") break:
//
//   common-imports-module   a file in src/common imports a file in src/modules;
//   foreign-entity          a file in src/modules/<a> imports src/modules/<b>/entities/ (a ≠ b);
//   cycle                   files import each other in a circle (type-only imports count too).
//
// Allowed exceptions are listed in scripts/import-exceptions.json, each with its reason;
// an exception that no longer matches anything is itself an error, so the list only shrinks.
//
//   node scripts/check-imports.mjs [rootDir]     exit 0 when clean, 1 with the list otherwise
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT_RE = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC_RE = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listTs(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function resolveImport(root, fromFile, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base + '.ts', path.join(base, 'index.ts')];
  const hit = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  return hit ? path.relative(root, hit).split(path.sep).join('/') : null;
}

/** The import graph: relative path → relative paths it imports. */
export function importGraph(root) {
  const files = [...listTs(path.join(root, 'src')), ...listTs(path.join(root, 'admin'))];
  const graph = new Map();
  for (const file of files) {
    const src = stripComments(fs.readFileSync(file, 'utf8'));
    const deps = new Set();
    for (const re of [IMPORT_RE, DYNAMIC_RE]) {
      re.lastIndex = 0;
      for (let m; (m = re.exec(src)); ) {
        const target = resolveImport(root, file, m[1]);
        if (target) deps.add(target);
      }
    }
    graph.set(path.relative(root, file).split(path.sep).join('/'), [...deps].sort());
  }
  return graph;
}

const moduleOf = (file) => /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;

/** Strongly connected components of more than one file (or a file importing itself). */
function cycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return found;
}

/**
 * Every violation of the rules, as `{ rule, from, to?, files? , key }`; `key` is what an
 * exception names (`rule from -> to`, or `cycle a | b | ...`).
 */
export function findViolations(root) {
  const graph = importGraph(root);
  const out = [];
  for (const [from, deps] of graph) {
    for (const to of deps) {
      if (from.startsWith('src/common/') && to.startsWith('src/modules/')) {
        out.push({ rule: 'common-imports-module', from, to, key: `common-imports-module ${from} -> ${to}` });
      }
      const a = moduleOf(from);
      const b = moduleOf(to);
      if (a && b && a !== b && /^src\/modules\/[^/]+\/entities\//.test(to)) {
        out.push({ rule: 'foreign-entity', from, to, key: `foreign-entity ${from} -> ${to}` });
      }
    }
  }
  for (const files of cycles(graph)) out.push({ rule: 'cycle', files, key: `cycle ${files.join(' | ')}` });
  return out;
}

/** Violations not covered by an exception, and exceptions that match nothing. */
export function checkImports(root, exceptions = []) {
  const violations = findViolations(root);
  const allowed = new Set(exceptions.map((e) => e.key));
  const keys = new Set(violations.map((v) => v.key));
  return {
    violations: violations.filter((v) => !allowed.has(v.key)),
    staleExceptions: exceptions.filter((e) => !keys.has(e.key)),
  };
}

export function loadExceptions(root) {
  const file = path.join(root, 'scripts', 'import-exceptions.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).exceptions : [];
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const { violations, staleExceptions } = checkImports(root, loadExceptions(root));
  for (const v of violations) {
    if (v.rule === 'cycle') console.error(`✖ cycle: ${v.files.join(' → ')} → ${v.files[0]}`);
    else console.error(`✖ ${v.rule}: ${v.from} imports ${v.to}`);
  }
  for (const e of staleExceptions) console.error(`✖ stale exception (nothing matches it any more, remove it): ${e.key}`);
  const bad = violations.length + staleExceptions.length;
  if (bad === 0) console.log('imports: clean (common → modules, foreign entities, cycles)');
  process.exit(bad === 0 ? 0 : 1);
}
