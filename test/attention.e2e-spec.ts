import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { until, useApp } from './support/app.js';
import { launchChromium, type TestBrowser } from './support/browser.js';
import { startChat } from './support/chat.js';
import { newInbox, newOrganization, newUser } from './support/factories.js';
import { signInToWorkspace } from './support/workspace.js';

jest.setTimeout(180_000);

/**
 * The workspace gets an agent's attention while its tab is hidden (issue 12,
 * point 4): a browser notification, a short tone, and a count in the title.
 * Headless Chromium shows neither, so the page's own calls are counted.
 */
describe('workspace: attention while the tab is hidden', () => {
  const t = useApp();
  let chromium: TestBrowser;

  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(() => chromium?.close());

  it('a new chat in my inbox makes a browser notification and a tone, and counts in the title', async () => {
    const org = await newOrganization(t);
    const agent = await newUser(t, org, 'member', { name: 'Hana Hidden' });
    // not auto-assigned: the chat stays waiting, so what the agent gets is the `New chat` notice
    const inbox = await newInbox(t, org, [agent], { name: 'Support', autoAssign: false });

    const context = await chromium.newContext({ permissions: ['notifications'] });
    await context.addInitScript(() => {
      const w = window as unknown as { __notes: Array<{ title: string; body?: string }>; __tones: number; __hidden: boolean };
      w.__notes = [];
      w.__tones = 0;
      w.__hidden = false;
      Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (w.__hidden ? 'hidden' : 'visible') });
      const Real = window.Notification;
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          w.__notes.push({ title, body: options?.body });
        }
      }
      Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
      window.Notification = Recorded as unknown as typeof Notification;
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.__tones++;
        return create.call(this);
      };
    });
    const page = await signInToWorkspace(t, await context.newPage(), agent);

    // visible: an in-page notice only
    await startChat(t, inbox.id, { name: 'Vic Visible', message: 'hello' });
    await page.getByRole('status').filter({ hasText: 'New chat from Vic Visible' }).first().waitFor();
    const seen = () => page.evaluate(() => {
      const w = window as unknown as { __notes: Array<{ title: string; body?: string }>; __tones: number };
      return { notes: w.__notes, tones: w.__tones };
    });
    expect(await seen()).toEqual({ notes: [], tones: 0 });

    // hidden: a browser notification and a tone
    await page.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = true;
    });
    await startChat(t, inbox.id, { name: 'Holly Hidden', message: 'anyone there?' });
    await until(async () => (await seen()).notes.length > 0, 15_000);
    const { notes, tones } = await seen();
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain('New chat from Holly Hidden');
    expect(tones).toBeGreaterThan(0);
    await context.close();
  });
});
