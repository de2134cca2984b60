import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { TestApp } from './app.js';

/** Logs in to the admin panel over HTTP; answers the session cookie, or null with the page shown instead. */
export async function adminLogin(t: TestApp, email: string, password: string): Promise<{ cookie: string | null; status: number; body: string }> {
  const res = await t.http().post('/admin/login').type('form').send({ email, password });
  const cookie = res.status === 302 ? ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('switchboard_admin=')) ?? null : null;
  return { cookie, status: res.status, body: res.text };
}

/** Posts a record action the way the AdminJS UI does (multipart form, flat field names). */
export function adminRecordAction(t: TestApp, cookie: string, resourceId: string, recordId: string, action: string, fields?: Record<string, string>) {
  const url = `/admin/api/resources/${resourceId}/records/${recordId}/${action}`;
  if (!fields) return t.http().get(url).set('Cookie', cookie);
  let req = t.http().post(url).set('Cookie', cookie);
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  return req;
}

export function adminResourceAction(t: TestApp, cookie: string, resourceId: string, action: string, fields?: Record<string, string>, query = '') {
  const url = `/admin/api/resources/${resourceId}/actions/${action}${query}`;
  if (!fields) return t.http().get(url).set('Cookie', cookie);
  let req = t.http().post(url).set('Cookie', cookie);
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  return req;
}

export const CHROMIUM = '/usr/bin/chromium';

/**
 * A headless Chromium with a fresh profile. There is no fallback: without the
 * browser the test fails (install it with `apt-get install -y chromium`).
 */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\``);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  // the first page of a panel bundles its custom components (AdminJS does it on demand outside
  // production; chart.js makes it slow on a busy machine): navigations may wait for that
  context.setDefaultNavigationTimeout(120_000);
  context.setDefaultTimeout(60_000);
  // hermetic: the panel asks for a web font from the internet; offline that request could stall page loads
  await context.route((url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost', (route) => route.abort());
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
