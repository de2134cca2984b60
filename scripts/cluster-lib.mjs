// Starts Switchboard as a real cluster on one machine: N server processes
// (`node dist/src/main.js`) on one MariaDB/MySQL and one Redis, behind HAProxy
// with the repository's deploy/haproxy.cfg. Used by `npm run cluster` and by
// the cluster test (test/cluster/cluster.test.mjs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port.mjs';
import { ENTRY, SERVER_NODE_FLAGS } from './server-node.mjs';

export { freePort };

export const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
export const HAPROXY_CONFIG = 'deploy/haproxy.cfg';
/** The Node.js that runs the server processes: CLUSTER_NODE (a path to a `node` binary, e.g. another LTS), else this one. */
export const SERVER_NODE = process.env.CLUSTER_NODE || process.execPath;

/** `v24.…` of SERVER_NODE; throws with a readable message when it does not run. */
export function serverNodeVersion() {
  const probe = spawnSync(SERVER_NODE, ['-v'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`CLUSTER_NODE=${SERVER_NODE} does not run: ${probe.error?.message ?? probe.stderr}`);
  return probe.stdout.trim();
}

/** Null when HAProxy is there; else a sentence saying how to install it. */
export function haproxyMissing() {
  const probe = spawnSync(HAPROXY, ['-v'], { encoding: 'utf8' });
  if (probe.status === 0) return null;
  return `HAProxy is not installed at ${HAPROXY}. Install it with: sudo apt-get install haproxy (Debian/Ubuntu), or set HAPROXY_BIN.`;
}

/** Every process started here, so that an interrupted start can still stop them. */
export const started = new Set();
export function stopAll(signal = 'SIGTERM') {
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what, check, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function status(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status;
}

/** The repository's HAProxy config, with one more `server` line per instance beyond the second. */
function haproxyConfig(n, dir) {
  const base = fs.readFileSync(HAPROXY_CONFIG, 'utf8');
  if (n === 2) return path.resolve(HAPROXY_CONFIG);
  const lines = base.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith('server app2 '));
  const extra = Array.from({ length: Math.max(0, n - 2) }, (_, i) => `    server app${i + 3} "\${APP${i + 3}}" check cookie app${i + 3}`);
  if (n === 1) lines.splice(at, 1);
  else lines.splice(at + 1, 0, ...extra);
  const file = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

/**
 * options: n, env (DATABASE_URL, REDIS_URL, JWT_SECRET, … for every instance),
 * logDir (each process's output), port (HAProxy's; free one by default), quiet.
 */
export async function startCluster(options = {}) {
  try {
    return await launch(options);
  } catch (err) {
    stopAll('SIGKILL');
    throw err;
  }
}

async function launch({ n = 2, env = {}, logDir, port, quiet = false }) {
  const missing = haproxyMissing();
  if (missing) throw new Error(missing);
  fs.mkdirSync(logDir, { recursive: true });
  const say = quiet ? () => {} : (m) => console.log(m);
  const instances = [];
  for (let i = 1; i <= n; i++) instances.push({ name: `app${i}`, port: await freePort(), proc: null, exits: [] });
  const lbPort = port ?? (await freePort());

  const cluster = {
    url: `http://127.0.0.1:${lbPort}`,
    instances,
    haproxy: null,
    instanceUrl: (i) => `http://127.0.0.1:${instances[i].port}`,

    /** Starts instance i (0-based) and waits until it is ready. */
    async start(i) {
      const inst = instances[i];
      const out = fs.openSync(path.join(logDir, `${inst.name}.log`), 'a');
      inst.proc = spawn(SERVER_NODE, [...SERVER_NODE_FLAGS, '--enable-source-maps', ENTRY], {
        env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(inst.port), HOST: '127.0.0.1', INSTANCE_NAME: inst.name },
        stdio: ['ignore', out, out],
      });
      fs.closeSync(out);
      const proc = inst.proc;
      started.add(proc);
      proc.exited = new Promise((resolve) =>
        proc.once('exit', (code, signal) => {
          inst.exits.push({ code, signal });
          resolve({ code, signal });
        }),
      );
      await waitFor(`${inst.name} (port ${inst.port})`, async () => {
        if (proc.exitCode !== null) throw new Error(`${inst.name} exited with ${proc.exitCode}; see ${logDir}/${inst.name}.log`);
        return (await status(`${cluster.instanceUrl(i)}/health/ready`)) === 200;
      }).catch((err) => {
        if (proc.exitCode !== null) throw new Error(`${inst.name} exited with ${proc.exitCode}; see ${path.join(logDir, `${inst.name}.log`)}`);
        throw err;
      });
      say(`  ${inst.name}: pid ${proc.pid}, http://127.0.0.1:${inst.port}`);
    },

    /** Sends a signal to instance i; resolves with its exit once it is gone. */
    async stop(i, signal = 'SIGTERM') {
      const proc = instances[i].proc;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return null;
      proc.kill(signal);
      return proc.exited;
    },

    /** Waits until HAProxy sees instance i as up (or down). */
    async haproxySees(i, up = true) {
      await waitFor(`HAProxy marks ${instances[i].name} ${up ? 'up' : 'down'}`, async () => {
        const csv = await (await fetch(`${cluster.statsUrl}/;csv`, { signal: AbortSignal.timeout(2000) })).text();
        const row = csv.split('\n').find((l) => l.startsWith(`instances,${instances[i].name},`));
        return row && (up ? row.split(',')[17] === 'UP' : row.split(',')[17].startsWith('DOWN'));
      }, 30_000);
    },

    async close() {
      await Promise.all(instances.map((_, i) => cluster.stop(i, 'SIGTERM')));
      if (cluster.haproxy && cluster.haproxy.exitCode === null) {
        cluster.haproxy.kill('SIGTERM');
        await new Promise((r) => cluster.haproxy.once('exit', r));
      }
    },
  };

  // the first instance migrates the database; the others start once it is ready
  say(`Starting ${n} instance${n > 1 ? 's' : ''} on Node.js ${serverNodeVersion()} …`);
  await cluster.start(0);
  await Promise.all(instances.slice(1).map((_, k) => cluster.start(k + 1)));

  const statsPort = await freePort();
  cluster.statsUrl = `http://127.0.0.1:${statsPort}`;
  const hpEnv = { ...process.env, HAPROXY_BIND: `127.0.0.1:${lbPort}`, HAPROXY_BIND_STATS: `127.0.0.1:${statsPort}` };
  instances.forEach((inst, i) => (hpEnv[`APP${i + 1}`] = `127.0.0.1:${inst.port}`));
  const cfg = haproxyConfig(n, logDir);
  // a stats page for the cluster tooling only, in a second file beside the production config
  const stats = path.join(logDir, 'haproxy-stats.cfg');
  fs.writeFileSync(stats, 'frontend stats\n    mode http\n    bind "${HAPROXY_BIND_STATS}"\n    stats enable\n    stats uri /\n');
  const check = spawnSync(HAPROXY, ['-c', '-q', '-f', cfg, '-f', stats], { env: hpEnv, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`HAProxy refuses ${cfg}:\n${check.stderr}${check.stdout}`);
  const hpOut = fs.openSync(path.join(logDir, 'haproxy.log'), 'a');
  cluster.haproxy = spawn(HAPROXY, ['-db', '-f', cfg, '-f', stats], { env: hpEnv, stdio: ['ignore', hpOut, hpOut] });
  fs.closeSync(hpOut);
  started.add(cluster.haproxy);
  await waitFor('HAProxy', async () => (await status(`${cluster.url}/health/ready`)) === 200, 20_000);
  say(`HAProxy: ${cluster.url} (config ${path.relative(process.cwd(), cfg)})`);
  return cluster;
}
