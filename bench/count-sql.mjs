// Preloaded by bench/compare.mjs with --count-sql: counts the statements the
// server sends to MySQL (by their first 90 characters) and prints them at exit.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
// by its file (the package does not export it): the same module the driver uses
const Connection = require(path.join(path.dirname(require.resolve('mysql2')), 'lib/base/connection.js'));
const counts = new Map();
const original = Connection.prototype.query;
Connection.prototype.query = function (sql, ...rest) {
  const text = typeof sql === 'string' ? sql : sql?.sql ?? '';
  // the statement's start with names and values blanked: enough to tell the statements apart
  const key = text.trim().replace(/\s+/g, ' ').replace(/'[^']*'/g, '?').replace(/\b\d+\b/g, 'N').slice(0, 90);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return original.call(this, sql, ...rest);
};
process.on('exit', () => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.error(`\nSQL statements sent: ${total}`);
  for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.error(`${String(n).padStart(8)}  ${k}`);
});
