import { spawnSync } from 'node:child_process';
import { startServer } from './server.mjs';
const idle = Number(process.env.IDLE_S ?? 90);
const server = await startServer({ db: 'mysql', tag: 'idle', cpuProf: process.env.PROF ?? null });
try {
  console.error('server started at', Date.now());
  await new Promise((r) => setTimeout(r, idle * 1000));
  spawnSync('node', ['load.mjs', '--target', 'switchboard', '--base', server.url, '--pid', `server=${server.pid}`, ...process.argv.slice(2)], { cwd: '/tmp/sb-bench', stdio: 'inherit' });
} finally { await server.stop(); }
