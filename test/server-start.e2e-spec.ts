import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ENTRY, SERVER_NODE_FLAGS } from '../scripts/server-node.mjs';

// Every way of starting a server process runs it with the same Node.js flags:
// the scripts import them; the Dockerfile and `npm run start:prod` spell them out.
describe('how the server process starts', () => {
  it('runs with a larger young generation than Node 20 gives by default', () => {
    expect(SERVER_NODE_FLAGS).toContain('--max-semi-space-size=64');
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('the Dockerfile and npm run start:prod use the same flags and entry point as the scripts', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync('Dockerfile', 'utf8'));
    expect(JSON.parse(cmd?.[1] ?? 'null')).toEqual(['node', ...SERVER_NODE_FLAGS, ENTRY]);
    const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start:prod']).toBe(['node', ...SERVER_NODE_FLAGS, ENTRY].join(' '));
  });
});
