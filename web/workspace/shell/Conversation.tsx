import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { fillPlaceholders } from '../../../src/modules/canned-response/placeholders.js';
import { ApiError } from '../../client/api.js';
import type { AttachmentView, MessageView, TransactionView } from '../../client/types.js';
import { t } from '../texts/index.js';
import { isClosed, type State, type Store } from './store.js';

const c = t.shell.conversation;

interface Canned {
  id: string;
  shortcut: string;
  content: string;
  scope: 'organization' | 'personal';
}

const clock = (iso: string) => {
  const d = new Date(iso);
  const sameDay = new Date().toDateString() === d.toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
};

/** The open chat: header with actions, the `Messages` log, typing, the composer. */
export function Conversation(props: { store: Store; state: State; txn: TransactionView; onTransfer: () => void; onDiscussion: () => void; discussionOpen: boolean; onBack: () => void }) {
  const { store, state, txn } = props;
  const thread = state.threads[txn.id];
  const me = state.user.id;
  const closed = isClosed(txn);
  const mine = txn.assigneeId === me && (txn.status === 'assigned' || txn.status === 'transferring');
  const outgoing = state.outgoing[txn.id];
  const customer = store.customerName(txn);
  const pending = store.pending(txn.id);

  return (
    <div class="conversation-inner">
      <header class="conv-header">
        <button type="button" class="link back" onClick={props.onBack}>{c.back}</button>
        <div class="conv-title">
          <h2>{customer}</h2>
          <p class="muted">
            <span class={`pill status-${txn.status}`}>{t.shell.status[txn.status]}</span> {store.inboxName(txn.inboxId)}
            {txn.assignee && txn.assigneeId !== me ? ` · ${txn.assignee.name}` : ''}
          </p>
        </div>
        <div class="conv-actions">
          <button type="button" class="secondary" aria-pressed={props.discussionOpen} onClick={props.onDiscussion}>{t.discussion.open}</button>
          {mine && txn.status === 'assigned' && <button type="button" class="secondary" onClick={props.onTransfer}>{c.transfer}</button>}
          {mine && <button type="button" class="primary" onClick={() => void store.complete(txn.id)}>{c.complete}</button>}
        </div>
      </header>
      {outgoing && (
        <div class="banner" role="status">
          <span>{t.shell.transfer.pending(outgoing.toAgent?.name ?? '')}</span>
          <button type="button" class="secondary" onClick={() => void store.cancelTransfer(txn.id)}>{t.shell.transfer.cancel}</button>
        </div>
      )}
      <MessageLog store={store} txn={txn} thread={thread} me={me} pending={pending} />
      {state.typing[txn.id] && !closed && <p class="typing" aria-live="polite">{c.typing(customer)}</p>}
      {closed ? (
        <p class="read-only" role="note">{c.readOnly(t.shell.status[txn.status]!)}</p>
      ) : mine ? (
        <Composer store={store} state={state} txn={txn} />
      ) : (
        <p class="read-only" role="note">{c.notYours}</p>
      )}
    </div>
  );
}

function MessageLog(props: { store: Store; txn: TransactionView; thread: State['threads'][string] | undefined; me: string; pending: ReturnType<Store['pending']> }) {
  const { store, thread, me, pending } = props;
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const firstId = thread?.items[0]?.id;
  const prevHeight = useRef(0);
  const prevFirst = useRef<string | undefined>(undefined);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (prevFirst.current && firstId !== prevFirst.current && !stick.current) {
      // older messages were added on top: keep what the agent was reading in place
      el.scrollTop += el.scrollHeight - prevHeight.current;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
    prevFirst.current = firstId;
    prevHeight.current = el.scrollHeight;
  });

  return (
    <div
      class="log"
      role="log"
      aria-label={c.messages}
      tabIndex={0}
      ref={ref}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        if (el.scrollTop < 40 && thread?.olderCursor) void store.loadOlder(props.txn.id);
      }}
    >
      {thread?.olderCursor && (
        <button type="button" class="link older" onClick={() => void store.loadOlder(props.txn.id)}>{c.older}</button>
      )}
      {thread?.loading && <p class="muted center">{c.loading}</p>}
      {thread?.error && <p class="error" role="alert">{thread.error}</p>}
      {thread?.items.map((m) => <MessageItem key={m.id} store={store} m={m} me={me} />)}
      {pending.map((p) => (
        <article key={p.clientMessageId} class={`msg own ${p.state}`}>
          <header>
            <span class="who">{c.you}</span>
            <time dateTime={p.createdAt}>{clock(p.createdAt)}</time>
          </header>
          <p class="body">{p.body}</p>
          {p.state === 'sending' ? (
            <p class="state">{c.sending}</p>
          ) : (
            <p class="state error">
              {c.refused}: {p.error}{' '}
              <button type="button" class="link" onClick={() => store.outbox.discard(p.clientMessageId)}>{t.shell.dismiss}</button>
            </p>
          )}
        </article>
      ))}
    </div>
  );
}

function MessageItem(props: { store: Store; m: MessageView; me: string }) {
  const { m, me } = props;
  if (m.sender.type === 'system') {
    return (
      <article class="msg system">
        <p class="body">{m.body}</p>
        <time dateTime={m.createdAt}>{clock(m.createdAt)}</time>
      </article>
    );
  }
  const own = m.sender.type === 'agent' && m.sender.id === me;
  const who = own ? c.you : m.sender.type === 'visitor' ? props.store.customerName(props.store.state.txns[m.transactionId]!) : m.sender.name ?? t.shell.product;
  const caption = m.attachments.length === 1 && m.body === m.attachments[0]!.name ? null : m.body;
  return (
    <article class={`msg ${own ? 'own' : m.sender.type}`}>
      <header>
        <span class="who">{who}</span>
        <time dateTime={m.createdAt}>{clock(m.createdAt)}</time>
      </header>
      {caption !== null && <p class="body">{caption}</p>}
      {m.attachments.map((a) => <Attachment key={a.id} store={props.store} a={a} />)}
      {own && <p class="state">{c.sent}</p>}
    </article>
  );
}

/** An image is previewed (fetched with the token); any file has a download link. */
function Attachment(props: { store: Store; a: AttachmentView }) {
  const { a, store } = props;
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const image = a.contentType.startsWith('image/');
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    if (image) {
      store.api
        .download(`/files/${a.id}`)
        .then((blob) => {
          made = URL.createObjectURL(blob);
          if (live) setUrl(made);
        })
        .catch((err) => live && setError(err instanceof ApiError ? err.message : String(err)));
    }
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [a.id]);

  async function download(e: Event) {
    e.preventDefault();
    try {
      const blob = await store.api.download(`/files/${a.id}`);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = a.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (err) {
      store.notify(err instanceof ApiError ? err.message : String(err), 'alert');
    }
  }

  return (
    <div class="attachment">
      {image && url && <img src={url} alt={a.name} />}
      {error && <p class="error">{error}</p>}
      <a href={`/api/v1/files/${a.id}`} onClick={download} download={a.name}>
        {c.download(a.name)}
      </a>{' '}
      <span class="muted">({Math.max(1, Math.round(a.size / 1024))} KB)</span>
    </div>
  );
}

let cannedCache: Promise<Canned[]> | null = null;

function Composer(props: { store: Store; state: State; txn: TransactionView }) {
  const { store, txn } = props;
  const [text, setText] = useState('');
  const [listOpen, setListOpen] = useState(false);
  const [canned, setCanned] = useState<Canned[]>([]);
  const [active, setActive] = useState(0);
  const [uploading, setUploading] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setText('');
    setListOpen(false);
  }, [txn.id]);

  const filter = text.startsWith('/') ? text.slice(1).split(/\s/)[0]!.toLowerCase() : '';
  const options = listOpen
    ? canned.filter((r) => !filter || r.shortcut.toLowerCase().startsWith(filter) || r.content.toLowerCase().includes(filter))
    : [];

  async function openList() {
    setListOpen(true);
    setActive(0);
    cannedCache ??= store.api.get<{ items: Canned[] }>('/canned-responses?limit=200').then((p) => p.items);
    try {
      setCanned(await cannedCache);
    } catch (err) {
      cannedCache = null;
      store.notify(err instanceof ApiError ? err.message : String(err), 'alert');
    }
  }

  function choose(r: Canned) {
    const customer = store.state.customers[txn.customerId];
    const filled = fillPlaceholders(r.content, {
      'customer.name': customer?.name,
      'customer.email': customer?.email,
      'customer.phone': customer?.phone,
      'agent.name': store.state.user.name,
      'inbox.name': store.inboxName(txn.inboxId),
    });
    setText(filled);
    setListOpen(false);
    input.current?.focus();
  }

  function send() {
    const body = text.trim();
    if (!body) return;
    store.send(txn.id, text);
    setText('');
    setListOpen(false);
  }

  async function upload(files: Iterable<File>) {
    for (const file of files) {
      setUploading((u) => [...u, file.name]);
      await store.upload(txn.id, file);
      setUploading((u) => u.filter((n) => n !== file.name));
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (listOpen && options.length) {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((a) => (a + 1) % options.length);
        return;
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a - 1 + options.length) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        choose(options[Math.min(active, options.length - 1)]!);
        return;
      }
    }
    if (listOpen && e.key === 'Escape') {
      e.preventDefault();
      setListOpen(false);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  }

  const listId = `canned-${txn.id}`;
  return (
    <form
      class={`composer${dragging ? ' dragging' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && listOpen) {
          e.preventDefault();
          setListOpen(false);
        }
      }}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (e.dataTransfer?.files.length) void upload(e.dataTransfer.files);
      }}
    >
      {listOpen && (
        <div class="canned" >
          <ul role="listbox" id={listId} aria-label={c.canned}>
            {options.map((r, i) => (
              <li
                key={r.id}
                id={`${listId}-${r.id}`}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'active' : ''}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(r)}
              >
                <strong>/{r.shortcut}</strong> <span class="muted">{r.content}</span>
              </li>
            ))}
          </ul>
          {!options.length && <p class="muted">{c.noCanned}</p>}
        </div>
      )}
      {uploading.map((name) => <p class="muted" key={name} role="status">{c.uploading(name)}</p>)}
      <label class="visually-hidden" for={`message-${txn.id}`}>{c.message}</label>
      <textarea
        id={`message-${txn.id}`}
        ref={input}
        rows={2}
        value={text}
        placeholder={c.composerHint}
        aria-controls={listOpen ? listId : undefined}
        aria-activedescendant={listOpen && options[active] ? `${listId}-${options[active]!.id}` : undefined}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          if (v.startsWith('/') && !/\s/.test(v)) {
            if (!listOpen) void openList();
            setActive(0);
          } else if (listOpen && !v.startsWith('/')) setListOpen(false);
          if (v) store.typingOn(txn.id);
          else store.typingOff(txn.id);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => store.typingOff(txn.id)}
        onPaste={(e) => {
          const files = [...(e.clipboardData?.files ?? [])];
          if (files.length) {
            e.preventDefault();
            void upload(files);
          }
        }}
      />
      <div class="composer-actions">
        <button type="button" class="secondary" aria-expanded={listOpen} onClick={() => {
            if (listOpen) setListOpen(false);
            else {
              void openList();
              input.current?.focus();
            }
          }}>{c.canned}</button>
        <label class="file-button secondary">
          <span>{c.attach}</span>
          <input
            ref={fileInput}
            type="file"
            aria-label={c.attach}
            class="visually-hidden"
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = '';
              void upload(files);
            }}
          />
        </label>
        <span class="hint muted">{c.attachHint}</span>
        <button type="submit" class="primary">{c.send}</button>
      </div>
    </form>
  );
}
