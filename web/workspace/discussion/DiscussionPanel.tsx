import type { JSX } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../client/api.js';
import type { DiscussionMessageView, Page, TransactionView } from '../../client/types.js';
import { when } from '../format.js';
import { useSession } from '../session.js';
import { t } from '../texts/index.js';
import './discussion.css';

type Agent = { id: string; name: string };
const td = t.discussion;
const ENDED = new Set(['ended', 'failed']);
const sentence = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/** Adds posts by id, in id (time) order, never twice. */
function merge(list: DiscussionMessageView[], incoming: DiscussionMessageView[]): DiscussionMessageView[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The `@word` being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}

/**
 * The `Internal discussion` of one chat (issue 12 point 12): agents only, live
 * through `discussion.message`; `@name` mentions (and `Invite`) pick from the
 * inbox's agents and are sent as user ids, so that they are notified; the
 * system's posts for calls and tickets appear in line; read-only once the
 * chat has ended.
 */
export function DiscussionPanel(props: { transaction: TransactionView }): JSX.Element {
  const { api, socket, user } = useSession();
  const txn = props.transaction;
  const ended = ENDED.has(txn.status);
  const [posts, setPosts] = useState<DiscussionMessageView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<Agent[]>([]);
  const [suggest, setSuggest] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const listId = useId();

  useEffect(() => {
    let live = true;
    setPosts([]);
    setLoaded(false);
    (async () => {
      let cursor: string | null = null;
      let all: DiscussionMessageView[] = [];
      do {
        const page: Page<DiscussionMessageView> = await api.get(`/transactions/${encodeURIComponent(txn.id)}/discussion${cursor ? `?limit=200&cursor=${encodeURIComponent(cursor)}` : '?limit=200'}`);
        all = [...all, ...page.items];
        cursor = page.nextCursor;
      } while (cursor && live);
      if (live) {
        setPosts((p) => merge(p, all));
        setLoaded(true);
      }
    })().catch((e) => live && setError(sentence(e)));
    const onMessage = ({ message }: { message: DiscussionMessageView }) => {
      if (message.transactionId === txn.id) setPosts((p) => merge(p, [message]));
    };
    socket.on('discussion.message', onMessage);
    return () => {
      live = false;
      socket.off('discussion.message', onMessage);
    };
  }, [txn.id]);

  // the agents of the chat's inbox, but me: whom I can mention or invite
  useEffect(() => {
    let live = true;
    Promise.all([api.get<{ agentIds: string[] }>(`/inboxes/${encodeURIComponent(txn.inboxId)}`), api.get<Page<Agent>>('/users')]).then(
      ([inbox, users]) => {
        if (!live) return;
        const ids = new Set(inbox.agentIds);
        setAgents(users.items.filter((u) => ids.has(u.id) && u.id !== user.id).map((u) => ({ id: u.id, name: u.name })));
      },
      () => live && setAgents([]),
    );
    return () => void (live = false);
  }, [txn.inboxId, user.id]);

  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [posts.length]);

  const matches = useMemo(() => {
    if (!suggest) return [];
    const q = suggest.query.toLowerCase();
    return agents.filter((a) => a.name.toLowerCase().includes(q)).slice(0, 8);
  }, [suggest, agents]);

  function insertMention(agent: Agent, at: { start: number; end: number } | null) {
    const el = box.current;
    const start = at?.start ?? text.length;
    const end = at?.end ?? text.length;
    const before = text.slice(0, start);
    const lead = at || !before || /\s$/.test(before) ? '' : ' ';
    const next = `${before}${lead}@${agent.name} ${text.slice(end)}`;
    setText(next);
    setPicked((p) => (p.some((a) => a.id === agent.id) ? p : [...p, agent]));
    setSuggest(null);
    const caret = before.length + lead.length + agent.name.length + 2;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  }

  function onInput(e: Event) {
    const el = e.currentTarget as HTMLTextAreaElement;
    setText(el.value);
    setSuggest(mentionAt(el.value, el.selectionStart ?? el.value.length));
    setActive(0);
  }

  async function post() {
    const body = text.trim();
    if (!body || busy) return;
    // only the mentions still written in the text are sent
    const mentions = picked.filter((a) => body.includes(`@${a.name}`)).map((a) => a.id);
    setBusy(true);
    setError(null);
    try {
      const message = await api.post<DiscussionMessageView>(`/transactions/${encodeURIComponent(txn.id)}/discussion`, { body, mentions });
      setPosts((p) => merge(p, [message]));
      setText('');
      setPicked([]);
    } catch (err) {
      setError(sentence(err));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    const caret = box.current?.selectionStart ?? text.length;
    if (suggest && matches.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insertMention(matches[Math.min(active, matches.length - 1)], { start: suggest.start, end: caret });
        return;
      }
    }
    if (suggest && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setSuggest(null);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void post();
    }
  }

  const open = !!suggest && matches.length > 0;
  return (
    <section class="discussion" aria-label={td.region}>
      <h2>{td.region}</h2>
      <p class="muted small">{td.intro}</p>
      <div class="discussion-log" role="log" aria-label={td.log} ref={log} tabIndex={0}>
        {loaded && posts.length === 0 && <p class="muted">{td.empty}</p>}
        {posts.map((m) => (
          <article key={m.id} class={`post ${m.author.type === 'system' ? 'post-system' : m.author.type === 'agent' && m.author.id === user.id ? 'post-own' : ''}`}>
            <header>
              <strong>{m.author.type === 'agent' ? m.author.name : td.system}</strong>{' '}
              <time dateTime={m.createdAt} class="muted">{when(m.createdAt)}</time>
            </header>
            <p class={m.mentions.includes(user.id) ? 'post-body mentions-me' : 'post-body'}>{m.body}</p>
          </article>
        ))}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {ended ? (
        <p class="read-only">{td.readOnly}</p>
      ) : (
        <div class="discussion-composer">
          <div class="mention-wrap">
            <textarea
              ref={box}
              aria-label={td.message}
              value={text}
              rows={2}
              maxLength={5000}
              aria-autocomplete="list"
              aria-controls={listId}
              aria-activedescendant={open ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
              onInput={onInput}
              onKeyDown={onKeyDown}
              onBlur={() => setTimeout(() => setSuggest(null), 150)}
            />
            <ul id={listId} role="listbox" aria-label={td.mentionList} class="mention-list" hidden={!open}>
              {open && matches.map((a, i) => (
                <li
                  key={a.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === Math.min(active, matches.length - 1)}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    insertMention(a, { start: suggest!.start, end: box.current?.selectionStart ?? text.length });
                  }}
                >
                  @{a.name}
                </li>
              ))}
            </ul>
          </div>
          <div class="discussion-actions">
            <label class="invite">
              <span class="visually-hidden">{td.invite}</span>
              <select value={invite} onChange={(e) => setInvite(e.currentTarget.value)} aria-label={td.invite} disabled={!agents.length}>
                <option value="">{agents.length ? td.choose : td.noAgents}</option>
                {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </select>
            </label>
            <button
              type="button"
              class="secondary"
              disabled={!invite}
              onClick={() => {
                const a = agents.find((x) => x.id === invite);
                if (a) insertMention(a, null);
                setInvite('');
              }}
            >
              {td.inviteButton}
            </button>
            <button type="button" class="primary" onClick={() => void post()} disabled={busy || !text.trim()}>{busy ? td.posting : td.post}</button>
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * A mention of me in any chat's discussion (`discussion.mention`) becomes an
 * in-page notification. The shell calls this once while signed in
 * (docs/workspace.md), so it works whichever chat is open.
 */
export function useMentionNotifications(): void {
  const { socket, notify } = useSession();
  useEffect(() => {
    const onMention = ({ message }: { transactionId: string; message: DiscussionMessageView }) => {
      notify(td.mentionedYou(message.author.type === 'agent' ? message.author.name : td.someone, message.body), 'alert');
    };
    socket.on('discussion.mention', onMention);
    return () => void socket.off('discussion.mention', onMention);
  }, [socket, notify]);
}

/** `useMentionNotifications()` as a component, for the shell to render once inside the Session provider. */
export function MentionNotifications(): null {
  useMentionNotifications();
  return null;
}
