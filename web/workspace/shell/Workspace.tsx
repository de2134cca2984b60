import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Api } from '../../client/api.js';
import { connectAgent } from '../../client/realtime.js';
import { CompletedView } from '../completed/CompletedView.js';
import { CustomerPanel } from '../customer/CustomerPanel.js';
import { DiscussionPanel, MentionNotifications } from '../discussion/DiscussionPanel.js';
import { SessionContext, type Session } from '../session.js';
import { t } from '../texts/index.js';
import { askNotificationPermission, setTitle } from './attention.js';
import type { Stored } from './auth.js';
import { ChatList, chatsOf } from './ChatList.js';
import { Conversation } from './Conversation.js';
import { OfferDialog, TransferRequestDialog } from './Dialogs.js';
import { Store, useStore } from './store.js';
import { TransferDialog } from './TransferDialog.js';

type Tab = 'mine' | 'waiting' | 'completed';
const TABS: Tab[] = ['mine', 'waiting', 'completed'];

/** The signed-in workspace: header, Chats with its tabs, the open chat, its customer, dialogs. */
export function Workspace(props: { api: Api; stored: Stored; onSignOut: () => void }) {
  const store = useMemo(() => new Store(props.api, connectAgent(props.stored.accessToken), props.stored.user), [props.api, props.stored.accessToken]);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  const state = useStore(store);
  const session: Session = useMemo(() => ({ api: props.api, socket: store.socket, user: state.user, notify: store.notify }), [store, state.user]);
  const [tab, setTab] = useState<Tab>('mine');
  const [discussionOpen, setDiscussionOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [hiddenDialogs, setHiddenDialogs] = useState<Set<string>>(new Set());
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ mine: null, waiting: null, completed: null });

  const open = state.openId ? state.txns[state.openId] : undefined;
  const unreadTotal = Object.values(state.unread).reduce((a, b) => a + b, 0);
  const waitingCount = state.offers.length + state.incoming.length;
  useEffect(() => setTitle(t.shell.product, unreadTotal + waitingCount), [unreadTotal, waitingCount]);
  useEffect(() => {
    setDiscussionOpen(false);
    setTransferOpen(false);
  }, [state.openId]);

  const offer = state.offers.find((o) => !hiddenDialogs.has(o.transaction.id));
  const request = state.incoming.find((x) => !hiddenDialogs.has(x.transfer.id));
  const hide = (id: string) => setHiddenDialogs((s) => new Set(s).add(id));
  const openTxn = (id: string) => void store.open(id);
  const active = store.activeCount();
  const counts = { mine: chatsOf(state, 'mine').length, waiting: chatsOf(state, 'waiting').length };

  function onTabKey(e: KeyboardEvent, k: Tab) {
    const i = TABS.indexOf(k);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % 3] : e.key === 'ArrowLeft' ? TABS[(i + 2) % 3] : null;
    if (next) {
      e.preventDefault();
      setTab(next);
      tabRefs.current[next]?.focus();
    }
  }

  return (
    <SessionContext.Provider value={session}>
      <MentionNotifications />
      <div class={`app${open ? ' has-open' : ''}${discussionOpen ? ' has-discussion' : ''}`} onClick={askNotificationPermission}>
        <header class="topbar">
          <p class="brand">{t.shell.product}</p>
          {state.connection === 'reconnecting' && <p class="connection" role="status">{t.shell.reconnecting}</p>}
          <div class="me">
            {hiddenDialogs.size > 0 && (state.offers.length > 0 || state.incoming.length > 0) && (
              <button type="button" class="attention" onClick={() => setHiddenDialogs(new Set())}>{t.shell.pendingAnswers(waitingCount)}</button>
            )}
            <span class="capacity" title={t.shell.capacityLabel} aria-label={`${t.shell.capacityLabel}: ${t.shell.capacity(active, state.capacity)}`}>
              {t.shell.capacity(active, state.capacity)}
            </span>
            <label class="presence">
              <span class={`dot ${state.user.presence}`} aria-hidden="true" />
              <select aria-label={t.shell.presence} value={state.user.presenceChoice === 'away' ? 'away' : 'online'} onChange={(e) => void store.setPresence(e.currentTarget.value as 'online' | 'away')}>
                <option value="online">{t.shell.online}</option>
                <option value="away">{t.shell.away}</option>
              </select>
            </label>
            <span class="user-name">{state.user.name}</span>
            <button type="button" class="link" onClick={props.onSignOut}>{t.shell.signOut}</button>
          </div>
        </header>

        <section class="chats" aria-label={t.shell.chats}>
          <div role="tablist" aria-label={t.shell.chats} class="tabs">
            {TABS.map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                id={`tab-${k}`}
                aria-controls={`panel-${k}`}
                aria-selected={tab === k}
                tabIndex={tab === k ? 0 : -1}
                ref={(el) => void (tabRefs.current[k] = el)}
                onClick={() => setTab(k)}
                onKeyDown={(e) => onTabKey(e, k)}
              >
                {t.shell.tabs[k]}
                {k !== 'completed' && counts[k] > 0 && <span class="count">{counts[k]}</span>}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="tabpanel">
            {state.listError && <p class="error" role="alert">{state.listError}</p>}
            {tab === 'completed' ? <CompletedView onOpenTransaction={openTxn} /> : <ChatList store={store} state={state} tab={tab} />}
          </div>
        </section>

        <main class="conversation">
          {open ? (
            <Conversation
              store={store}
              state={state}
              txn={open}
              discussionOpen={discussionOpen}
              onDiscussion={() => setDiscussionOpen((v) => !v)}
              onTransfer={() => setTransferOpen(true)}
              onBack={() => void store.open(null)}
            />
          ) : state.openId && state.threads[state.openId]?.error ? (
            <p class="error" role="alert">{state.threads[state.openId]!.error}</p>
          ) : (
            <p class="empty center">{t.shell.noChatOpen}</p>
          )}
        </main>

        {open && (
          <div class="side">
            {discussionOpen && <DiscussionPanel key={`d-${open.id}`} transaction={open} />}
            <CustomerPanel key={`c-${open.id}`} transaction={open} onOpenTransaction={openTxn} />
          </div>
        )}

        <div class="notes" aria-live="polite">
          {state.notes.map((n) => (
            <div key={n.id} class={`note ${n.kind}`} role={n.kind === 'alert' ? 'alert' : 'status'}>
              <span>{n.text}</span>
              <button type="button" class="link" aria-label={t.shell.dismiss} onClick={() => store.dismiss(n.id)}>×</button>
            </div>
          ))}
        </div>

        {offer && <OfferDialog key={offer.transaction.id} store={store} offer={offer} onHide={() => hide(offer.transaction.id)} />}
        {!offer && request && <TransferRequestDialog key={request.transfer.id} store={store} item={request} onHide={() => hide(request.transfer.id)} />}
        {open && transferOpen && <TransferDialog store={store} txn={open} onClose={() => setTransferOpen(false)} />}
      </div>
    </SessionContext.Provider>
  );
}
