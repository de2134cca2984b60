import type { TransactionView } from '../../client/types.js';
import { t } from '../texts/index.js';
import { isClosed, type State, type Store } from './store.js';

export type ListTab = 'mine' | 'waiting';

/** Which chats a tab lists: Mine (assigned to me, open), Waiting (in my inboxes' queues). */
export function chatsOf(state: State, tab: ListTab): TransactionView[] {
  const me = state.user.id;
  return Object.values(state.txns)
    .filter((x) => (tab === 'mine' ? x.assigneeId === me && (x.status === 'assigned' || x.status === 'transferring') : x.status === 'waiting' && !isClosed(x)))
    .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}

const time = (iso: string) => {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString([], { month: 'short', day: 'numeric' });
};

/** The chats of one tab, grouped by inbox, newest activity first, with unread counts. */
export function ChatList(props: { store: Store; state: State; tab: ListTab }) {
  const { store, state } = props;
  const chats = chatsOf(state, props.tab);
  if (!chats.length) return <p class="empty">{props.tab === 'mine' ? t.shell.emptyMine : t.shell.emptyWaiting}</p>;
  const inboxIds = [...new Set(chats.map((c) => c.inboxId))];
  return (
    <div class="chat-groups">
      {inboxIds.map((inboxId) => (
        <section class="chat-group" key={inboxId} aria-label={store.inboxName(inboxId) || undefined}>
          {inboxIds.length > 1 || state.inboxes.length > 1 ? <h3 class="group-title">{store.inboxName(inboxId)}</h3> : null}
          <ul class="chat-list">
            {chats
              .filter((c) => c.inboxId === inboxId)
              .map((c) => {
                const unread = state.unread[c.id] ?? 0;
                const name = store.customerName(c);
                return (
                  <li key={c.id}>
                    <button
                      type="button"
                      class={`chat-item${state.openId === c.id ? ' current' : ''}${unread ? ' has-unread' : ''}`}
                      aria-current={state.openId === c.id ? 'true' : undefined}
                      onClick={() => void store.open(c.id)}
                    >
                      <span class="chat-name">{name}</span>
                      <span class="chat-meta">
                        <span class={`pill status-${c.status}`}>{t.shell.status[c.status]}</span>
                        <time dateTime={c.lastActivityAt}>{time(c.lastActivityAt)}</time>
                      </span>
                      {unread > 0 && <span class="badge" aria-label={t.shell.unread(unread)}>{unread}</span>}
                    </button>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
    </div>
  );
}
