// The widget loader (/widget.js, docs/widget.md): one classic script that a website embeds with
// <script src=".../widget.js" data-inbox-id="..." async>. It adds a `Chat with us` button and the
// chat panel in an iframe, both inside a shadow root whose host resets every inherited style, so
// the page's CSS cannot reach them; the panel runs on the server's origin, so the page's scripts
// cannot reach the chat either. It sets no cookie and stores nothing on the host's origin.
import { CHANNEL, type ToLoader, type ToPanel } from './protocol.js';

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const origin = new URL(script.src).origin;
  const inboxId = script.dataset.inboxId ?? '';
  const w = window as unknown as Record<string, unknown>;
  const key = `__switchboardWidget:${inboxId}`;
  if (w[key]) return; // the tag twice on one page: one widget
  w[key] = true;

  const host = document.createElement('switchboard-chat');
  // inline !important beats any stylesheet rule of the page, `all: initial` stops inherited styles
  host.setAttribute('style', 'all:initial !important;display:block !important;position:fixed !important;z-index:2147483000 !important;right:0 !important;bottom:0 !important;width:0 !important;height:0 !important;overflow:visible !important;visibility:visible !important;opacity:1 !important');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>
:host{all:initial}
*{box-sizing:border-box}
button{all:initial;box-sizing:border-box;position:fixed;right:20px;bottom:20px;display:flex;align-items:center;gap:8px;padding:12px 18px;border-radius:999px;background:#1d4ed8;color:#fff;font:600 15px/1.2 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;cursor:pointer;box-shadow:0 6px 20px rgba(15,23,42,.25)}
button:hover{background:#1e40af}
button:focus-visible{outline:3px solid #f59e0b;outline-offset:3px}
button[hidden]{display:none}
svg{width:20px;height:20px;fill:currentColor}
.badge{min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#dc2626;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}
.badge[hidden]{display:none}
iframe{position:fixed;right:20px;bottom:20px;width:380px;height:min(600px,calc(100vh - 40px));border:0;border-radius:14px;background:#fff;box-shadow:0 12px 40px rgba(15,23,42,.3);display:block;color-scheme:light}
iframe[hidden]{display:none}
@media (max-width:480px){iframe{right:0;bottom:0;width:100vw;height:100vh;height:100dvh;border-radius:0}}
</style><button type="button" aria-haspopup="dialog"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg><span>Chat with us</span><span class="badge" hidden></span></button>`;
  const button = root.querySelector('button')!;
  const badge = root.querySelector('.badge') as HTMLElement;
  button.setAttribute('aria-label', 'Chat with us');
  const frame = document.createElement('iframe');
  frame.title = 'Chat';
  frame.hidden = true;
  frame.setAttribute('allow', 'autoplay');
  frame.src = `${origin}/widget/panel?inboxId=${encodeURIComponent(inboxId)}`;
  root.appendChild(frame);

  const post = (message: ToPanel) => frame.contentWindow?.postMessage({ channel: CHANNEL, ...message }, origin);
  const setOpen = (open: boolean) => {
    frame.hidden = !open;
    button.hidden = open;
    post({ type: open ? 'open' : 'closed' });
    if (open) frame.focus();
    else button.focus();
  };
  button.addEventListener('click', () => setOpen(true));

  window.addEventListener('message', (event) => {
    // only the panel's own window, from the server's origin, is listened to
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    const data = event.data as ToLoader | null;
    if (!data || data.channel !== CHANNEL) return;
    if (data.type === 'close') setOpen(false);
    else if (data.type === 'unread') {
      const n = Math.max(0, Math.floor(Number(data.count) || 0));
      badge.hidden = n === 0;
      badge.textContent = n > 9 ? '9+' : String(n);
      button.setAttribute('aria-label', n ? `Chat with us, ${n} unread` : 'Chat with us');
    } else if (data.type === 'ready') post({ type: frame.hidden ? 'closed' : 'open' });
  });

  const mount = () => document.body.appendChild(host);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
