import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from '../../client/api.js';
import { connectAgent } from '../../client/realtime.js';
import type { TransactionView } from '../../client/types.js';
import { CompletedView } from '../completed/CompletedView.js';
import { CustomerPanel } from '../customer/CustomerPanel.js';
import { DiscussionPanel } from '../discussion/DiscussionPanel.js';
import { SessionContext, type Session } from '../session.js';
import { t } from '../texts/index.js';
import type { Stored } from './auth.js';

type Tab = 'mine' | 'waiting' | 'completed';

export function Workspace(props: { api: Api; stored: Stored; onSignOut: () => void }) {
  const socket = useMemo(() => connectAgent(props.stored.accessToken), [props.stored.accessToken]);
  useEffect(() => () => void socket.close(), [socket]);
  const [notes, setNotes] = useState<{ id: number; text: string; kind: 'info' | 'alert' }[]>([]);
  const session: Session = useMemo(
    () => ({
      api: props.api,
      socket,
      user: props.stored.user,
      notify: (text, kind = 'info') => setNotes((n) => [...n, { id: Date.now() + Math.random(), text, kind }]),
    }),
    [props.api, socket, props.stored.user],
  );
  const [tab, setTab] = useState<Tab>('mine');
  const [open, setOpen] = useState<TransactionView | null>(null);
  const [discussionOpen, setDiscussionOpen] = useState(false);
  const openById = async (id: string) => setOpen(await props.api.get<TransactionView>(`/transactions/${id}`));

  return (
    <SessionContext.Provider value={session}>
      <div class="app">
        <header class="topbar">
          <h1>{t.shell.product}</h1>
          <button type="button" onClick={props.onSignOut}>{t.shell.signOut}</button>
        </header>
        <section class="chats" aria-label={t.shell.chats}>
          <div role="tablist">
            {(['mine', 'waiting', 'completed'] as const).map((k) => (
              <button type="button" role="tab" aria-selected={tab === k} onClick={() => setTab(k)}>{t.shell.tabs[k]}</button>
            ))}
          </div>
          {tab === 'completed' && <CompletedView onOpenTransaction={(id) => void openById(id)} />}
        </section>
        <main class="conversation">
          {open ? (
            <>
              <button type="button" onClick={() => setDiscussionOpen((v) => !v)}>{t.discussion.open}</button>
              {discussionOpen && <DiscussionPanel transaction={open} />}
            </>
          ) : (
            <p class="muted">{t.shell.noChatOpen}</p>
          )}
        </main>
        {open && <CustomerPanel transaction={open} onOpenTransaction={(id) => void openById(id)} />}
        <div class="notes" role="status">{notes.map((n) => <p key={n.id}>{n.text}</p>)}</div>
      </div>
    </SessionContext.Provider>
  );
}
