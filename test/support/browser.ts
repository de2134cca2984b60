import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from './admin.js';

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (its own storage: one agent, or one visitor) that reaches only this machine. */
  newContext: (options?: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
  close: () => Promise<void>;
}

/**
 * One headless Debian Chromium per spec file; each actor of a test gets a
 * context of its own. No fallback: without the browser the test fails.
 */
export async function launchChromium(): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\``);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    newContext: async (options) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
      // hermetic: nothing leaves the machine
      await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.abort());
      return context;
    },
    close: () => browser.close(),
  };
}
