import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useApp } from './support/app.js';
import { launchChromium, type TestBrowser } from './support/browser.js';

describe('pages served by the app (web/)', () => {
  const t = useApp();
  let chromium: TestBrowser;

  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(() => chromium?.close());

  it('serves the workspace at /app and below it, with a strict content security policy', async () => {
    for (const path of ['/app', '/app/chats/123']) {
      const res = await t.http().get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.text).toMatch(/<script type="module"[^>]+src="\/web\/assets\/workspace-[^"]+\.js"/);
    }
  });

  it('serves the widget loader and the hashed assets; a missing asset is a 404', async () => {
    const loader = await t.http().get('/widget.js').expect(200);
    expect(loader.headers['content-type']).toMatch(/javascript/);
    const page = await t.http().get('/app');
    const asset = /src="(\/web\/assets\/[^"]+\.js)"/.exec(page.text)![1];
    const res = await t.http().get(asset).expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
    await t.http().get('/web/assets/nope.js').expect(404);
  });

  it('leaves the API where it was', async () => {
    await t.http().get('/api/v1/me').expect(401);
    await t.http().get('/health').expect(200);
  });

  it('runs the workspace in Chromium without script errors', async () => {
    const context = await chromium.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${t.url}/app`);
    await page.getByRole('heading', { name: 'Sign in to Switchboard' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('pages not built (WEB_DIR without a build)', () => {
  const t = useApp({ env: { WEB_DIR: '/nonexistent/switchboard-web' } });

  it('answers 503 with a sentence saying how to build them, in the documented error shape', async () => {
    for (const path of ['/app', '/widget.js']) {
      const res = await t.http().get(path).expect(503);
      expect(res.body).toEqual({ statusCode: 503, code: 'pages_not_built', message: expect.stringContaining('npm run build:web') });
    }
  });
});
