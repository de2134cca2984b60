/**
 * Getting the agent's attention when the tab is hidden: a browser notification
 * (where allowed) and a short tone. The tab title counts what waits.
 */
let audio: AudioContext | null = null;

/** The tab title with what waits for the agent (offers, transfer requests, unread messages). */
export function setTitle(base: string, count: number): void {
  document.title = count ? `(${count}) ${base}` : base;
}

/** Asks once, after a user gesture, whether browser notifications may be shown. */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

function beep(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
  } catch {
    // no audio: the notification is enough
  }
}

/** Something new for the agent: while the tab is hidden, a browser notification and a tone. */
export function alertUser(text: string): void {
  if (document.visibilityState === 'visible') return;
  beep();
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    try {
      new Notification(document.title, { body: text, tag: 'switchboard' });
    } catch {
      // some browsers only allow notifications from a service worker
    }
  }
}

