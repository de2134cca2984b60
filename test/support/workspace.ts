import type { Page } from 'playwright-core';
import { api, until, type TestApp } from './app.js';
import { auth, type Session } from './factories.js';

/**
 * Signs an agent in to the workspace (`/app`) the way a person does, and waits
 * until the page shows the chats and the server counts the agent online.
 */
export async function signInToWorkspace(t: Pick<TestApp, 'url' | 'http'>, page: Page, who: Session): Promise<Page> {
  await page.goto(`${t.url}/app`);
  await page.getByRole('textbox', { name: 'Email' }).fill(who.user.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Chats' }).waitFor();
  await until(async () => (await t.http().get(api('/me')).set(auth(who)).expect(200)).body.presence === 'online', 10_000);
  return page;
}
