import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, createApi } from '../client/api.js';
import { ACK_TIMEOUT_MS, connectVisitor, mergeMessages, Outbox, type PendingMessage, type VisitorSocket } from '../client/realtime.js';
import type { MessageView, TransactionView } from '../client/types.js';
import { CHANNEL, type ToLoaderBody, type ToPanel } from './protocol.js';
import { formatBytes, Linkified, timeOf } from './text.js';

// The visitor's chat panel (docs/widget.md). It runs in the widget's frame on the server's origin:
// the visitor token lives in this origin's localStorage, per inbox, until the chat ends.

type Rule = 'off' | 'optional' | 'required';
interface WidgetConfig {
  inboxId: string;
  name: string;
  preChat: { name: Rule; email: Rule; phone: Rule };
  agentsOnline: boolean;
  allowedFileTypes: string[];
  maxUploadBytes: number;
}
interface Session {
  token: string;
  transactionId: string;
}

const inboxId = new URLSearchParams(location.search).get('inboxId') ?? '';
const storeKey = `switchboard:chat:${inboxId}`;
const OPEN_STATUSES = ['waiting', 'assigning', 'assigned', 'transferring'];

function loadSession(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(storeKey) ?? 'null') as Session | null;
    return s && typeof s.token === 'string' && typeof s.transactionId === 'string' ? s : null;
  } catch {
    return null;
  }
}
function saveSession(s: Session | null) {
  try {
    if (s) localStorage.setItem(storeKey, JSON.stringify(s));
    else localStorage.removeItem(storeKey);
  } catch {
    // storage refused (private mode): the chat still works, a reload starts over
  }
}

const toLoader = (message: ToLoaderBody) => window.parent.postMessage({ channel: CHANNEL, ...message }, '*');

let audio: AudioContext | undefined;
/** A short two-note chime for a new message while the panel is closed or the tab hidden. */
function chime() {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    [660, 880].forEach((freq, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio!.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.3);
    });
  } catch {
    // no audio: the badge still counts
  }
}

function Panel() {
  const [config, setConfig] = useState<WidgetConfig | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [blocked, setBlocked] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const api = useMemo(() => createApi({ token: () => sessionRef.current?.token }), []);

  const refreshConfig = () =>
    api
      .get<WidgetConfig>(`/visitor/inboxes/${encodeURIComponent(inboxId)}/config`)
      .then((c) => (setConfig(c), setFatal(null)))
      .catch((e: ApiError) => setFatal(e.message));

  useEffect(() => {
    void refreshConfig();
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return;
      const data = event.data as ({ channel?: string } & ToPanel) | null;
      if (!data || data.channel !== CHANNEL) return;
      setOpen(data.type === 'open');
    };
    window.addEventListener('message', onMessage);
    toLoader({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, []);

  // closed at once here, not only when the loader answers: a message arriving meanwhile is counted as unread
  const close = () => {
    setOpen(false);
    toLoader({ type: 'close' });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') close();
  };

  const start = (s: Session) => {
    saveSession(s);
    setSession(s);
  };
  const restart = () => {
    saveSession(null);
    setSession(null);
    void refreshConfig();
  };

  let body;
  if (blocked) {
    body = (
      <div class="pad">
        <p role="alert" class="alert">
          {blocked}
        </p>
      </div>
    );
  } else if (session) {
    body = <Chat key={session.transactionId} api={api} session={session} config={config} open={open} onRestart={restart} onLost={restart} refreshConfig={refreshConfig} />;
  } else if (config) {
    body = <PreChat api={api} config={config} open={open} onStarted={start} onBlocked={setBlocked} />;
  } else {
    body = <p class="pad muted" role={fatal ? 'alert' : 'status'}>{fatal ?? 'Loading…'}</p>;
  }

  return (
    <div class="panel" onKeyDown={onKeyDown}>
      <header>
        <h1>{config?.name ?? 'Chat'}</h1>
        <button type="button" class="icon" aria-label="Close chat" title="Close" onClick={close}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 9l6 6 6-6" />
          </svg>
        </button>
      </header>
      {body}
    </div>
  );
}

function PreChat({ api, config, open, onStarted, onBlocked }: { api: ReturnType<typeof createApi>; config: WidgetConfig; open: boolean; onStarted: (s: Session) => void; onBlocked: (m: string) => void }) {
  const [values, setValues] = useState({ name: '', email: '', phone: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (open) form.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [open]);

  const fields = (['name', 'email', 'phone'] as const).filter((f) => config.preChat[f] !== 'off');
  const labels = { name: 'Name', email: 'Email', phone: 'Phone' };
  const types = { name: 'text', email: 'email', phone: 'tel' } as const;
  const autocomplete = { name: 'name', email: 'email', phone: 'tel' };

  // one key per form: pressing Start again after a lost answer returns the chat already started
  const clientChatId = useRef(crypto.randomUUID());
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, string> = { clientChatId: clientChatId.current };
    for (const f of fields) if (values[f].trim()) body[f] = values[f].trim();
    try {
      const res = await api.post<{ transaction: TransactionView; visitorToken: string }>(`/visitor/inboxes/${encodeURIComponent(inboxId)}/chats`, body);
      onStarted({ token: res.visitorToken, transactionId: res.transaction.id });
    } catch (err) {
      const e = err as ApiError;
      if (e.code === 'blocked') onBlocked(`We cannot start a chat with these details: ${e.message.replace(/\.?$/, '.')} Please contact us another way.`);
      else setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="pad prechat" ref={form} onSubmit={submit}>
      <p class="lead">Hello! Tell us who you are and an agent will be with you shortly.</p>
      {!config.agentsOnline && <p class="notice">No agent is online right now. Start the chat and leave a message: we will answer as soon as we can.</p>}
      {fields.map((f) => (
        <label key={f} class="field">
          <span>
            {labels[f]}
            {config.preChat[f] === 'required' ? <span aria-hidden="true"> *</span> : <span class="muted" aria-hidden="true"> (optional)</span>}
          </span>
          <input
            type={types[f] as 'text' /* one of text, email, tel */}
            name={f}
            aria-label={labels[f]}
            autocomplete={autocomplete[f]}
            required={config.preChat[f] === 'required'}
            maxLength={f === 'email' ? 254 : f === 'phone' ? 40 : 200}
            value={values[f]}
            onInput={(e) => setValues({ ...values, [f]: (e.target as HTMLInputElement).value })}
          />
        </label>
      ))}
      {error && (
        <p role="alert" class="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        Start chat
      </button>
    </form>
  );
}

interface ChatProps {
  api: ReturnType<typeof createApi>;
  session: Session;
  config: WidgetConfig | null;
  open: boolean;
  onRestart: () => void;
  onLost: () => void;
  refreshConfig: () => Promise<unknown>;
}

function Chat({ api, session, config, open, onRestart, onLost, refreshConfig }: ChatProps) {
  const [txn, setTxn] = useState<TransactionView | null>(null);
  const [position, setPosition] = useState<number | null>(null);
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [uploading, setUploading] = useState<string[]>([]);
  const [agentTyping, setAgentTyping] = useState(false);
  const [connected, setConnected] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [unread, setUnread] = useState(0);
  const socketRef = useRef<VisitorSocket | null>(null);
  const outboxRef = useRef<Outbox | null>(null);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const openRef = useRef(open);
  openRef.current = open;
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const typingSent = useRef(0);
  const typingTimer = useRef<number | undefined>(undefined);

  const add = (incoming: MessageView[]) => {
    const fresh = incoming.filter((m) => !messagesRef.current.some((x) => x.id === m.id));
    messagesRef.current = mergeMessages(messagesRef.current, incoming);
    setMessages(messagesRef.current);
    const fromAgent = fresh.filter((m) => m.sender.type === 'agent').length;
    if (fromAgent && (!openRef.current || document.hidden)) {
      if (!openRef.current) setUnread((n) => n + fromAgent);
      chime();
    }
  };

  useEffect(() => {
    let closed = false;
    const socket = connectVisitor(session.token);
    socketRef.current = socket;
    const outbox = new Outbox(
      (payload) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message.send', payload) as never,
      { stored: (m) => add([m]), changed: () => setPending(outbox.list()) },
    );
    outboxRef.current = outbox;

    const refresh = async () => {
      try {
        const view = await api.get<{ transaction: TransactionView; queuePosition: number | null }>(`/visitor/chats/${session.transactionId}`);
        if (closed) return;
        setTxn(view.transaction);
        setPosition(view.queuePosition);
      } catch (err) {
        // the chat is gone for this token (expired, another organization): start over
        if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404)) onLost();
      }
    };
    const sync = async () => {
      const last = messagesRef.current[messagesRef.current.length - 1];
      const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', { transactionId: session.transactionId, afterMessageId: last?.id ?? null });
      if (!closed && ack.ok) add(ack.messages);
    };
    socket.on('connect', () => {
      setConnected(true);
      void refresh();
      void sync().catch(() => undefined);
      outbox.flush();
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', () => {
      setConnected(false);
      // refused by the server (not a network error): it does not retry by itself
      if (!socket.active) {
        void refresh();
        setTimeout(() => !closed && socket.connect(), 3000);
      }
    });
    socket.on('message.new', ({ message }) => message.transactionId === session.transactionId && add([message]));
    socket.on('chat.updated', ({ transaction }) => {
      if (transaction.id !== session.transactionId) return;
      setTxn(transaction);
      if (!['waiting'].includes(transaction.status)) setPosition(null);
      if (transaction.status === 'assigned') setAgentTyping(false);
    });
    socket.on('queue.position', ({ transactionId, position }) => transactionId === session.transactionId && setPosition(position));
    socket.on('typing', ({ transactionId, typing, from }) => transactionId === session.transactionId && from === 'agent' && setAgentTyping(typing));
    const resend = setInterval(() => outbox.flush(), ACK_TIMEOUT_MS);
    return () => {
      closed = true;
      clearInterval(resend);
      socket.close();
    };
  }, [session.token]);

  const ended = txn ? !OPEN_STATUSES.includes(txn.status) : false;
  useEffect(() => {
    if (ended) saveSession(null);
  }, [ended]);
  // while waiting, check every 20 s whether an agent came online (the notice goes away)
  useEffect(() => {
    if (txn?.status !== 'waiting') return;
    const timer = setInterval(() => void refreshConfig(), 20000);
    return () => clearInterval(timer);
  }, [txn?.status]);

  useEffect(() => {
    if (open) {
      setUnread(0);
      inputRef.current?.focus();
    }
  }, [open]);
  useEffect(() => toLoader({ type: 'unread', count: unread }), [unread]);
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages.length, pending.length, uploading.length, agentTyping]);

  const sendTyping = (typing: boolean) => {
    socketRef.current?.emit('typing', { transactionId: session.transactionId, typing }, () => undefined);
  };
  const onDraft = (value: string) => {
    setDraft(value);
    const now = Date.now();
    if (value && now - typingSent.current > 2500) {
      typingSent.current = now;
      sendTyping(true);
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = window.setTimeout(() => {
      typingSent.current = 0;
      sendTyping(false);
    }, 3000);
  };
  const send = () => {
    const body = draft.trim();
    if (!body || ended) return;
    outboxRef.current?.add(session.transactionId, body);
    setDraft('');
    clearTimeout(typingTimer.current);
    typingSent.current = 0;
    sendTyping(false);
  };
  const onComposerKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  };

  const attach = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setNotice(null);
    const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
    if (config && !config.allowedFileTypes.includes(ext)) {
      setNotice(`Files of this type (${ext ? `.${ext}` : 'no extension'}) cannot be sent. Allowed: ${config.allowedFileTypes.map((t) => `.${t}`).join(', ')}.`);
      return;
    }
    if (config && file.size > config.maxUploadBytes) {
      setNotice(`${file.name} is ${formatBytes(file.size)}: files may be at most ${formatBytes(config.maxUploadBytes)}.`);
      return;
    }
    const id = crypto.randomUUID();
    setUploading((u) => [...u, file.name]);
    try {
      add([await api.upload<MessageView>(`/visitor/chats/${session.transactionId}/files`, file, file.name, { clientMessageId: id })]);
    } catch (err) {
      setNotice(err instanceof ApiError ? err.message : 'The file could not be sent.');
    } finally {
      setUploading((u) => u.filter((n, i) => i !== u.indexOf(file.name) || n !== file.name));
    }
  };

  const download = async (id: string, name: string) => {
    try {
      const blob = await api.download(`/files/${id}`);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      setNotice(err instanceof ApiError ? err.message : 'The file could not be downloaded.');
    }
  };

  const leave = async () => {
    try {
      setTxn(await api.post<TransactionView>(`/visitor/chats/${session.transactionId}/leave`));
    } catch (err) {
      setNotice(err instanceof ApiError ? err.message : 'The chat could not be ended.');
    }
  };

  const agentName = txn?.assignee?.name || 'The agent';
  let status: string | null = null;
  if (!txn) status = 'Connecting…';
  else if (txn.status === 'waiting' || (txn.status === 'assigning' && position !== null)) {
    status = position ? `You are number ${position} in the queue.` : 'Waiting for an agent…';
  } else if (txn.status === 'assigning') status = 'Finding an agent for you…';
  else if (txn.status === 'assigned') status = `You are chatting with ${agentName}.`;
  else if (txn.status === 'transferring') status = `${agentName} is passing your chat to a colleague…`;
  else if (ended) {
    const by = txn.endedBy?.type;
    status = by === 'visitor' ? 'You ended the chat.' : by === 'agent' ? `${agentName} completed the chat. Thank you for contacting us!` : 'This chat has ended.';
  }
  const waiting = txn && ['waiting', 'assigning'].includes(txn.status);

  return (
    <div class="chat">
      <div class="status-bar">
        <p role="status" aria-live="polite" class="status">
          {status}
        </p>
        {!ended && txn && (
          <button type="button" class="link" onClick={leave}>
            End chat
          </button>
        )}
      </div>
      {waiting && config && !config.agentsOnline && <p class="notice">No agent is online right now. Leave a message and we will answer as soon as we can.</p>}
      {!connected && !ended && (
        <p class="notice" role="status">
          Reconnecting… your messages will be sent once we are back.
        </p>
      )}
      <div class="log" role="log" aria-label="Messages" ref={logRef} tabIndex={0}>
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} onDownload={download} />
        ))}
        {pending.map((p) => (
          <div key={p.clientMessageId} class={`msg mine ${p.state}`}>
            <div class="bubble" role="paragraph">
              <Linkified text={p.body} />
            </div>
            <div class="meta">{p.state === 'refused' ? `Not sent: ${p.error}` : 'Sending…'}</div>
          </div>
        ))}
        {uploading.map((name, i) => (
          <div key={`up-${i}`} class="msg mine sending">
            <div class="bubble" role="paragraph">{name}</div>
            <div class="meta">Sending file…</div>
          </div>
        ))}
      </div>
      {agentTyping && !ended && <p class="typing">{agentName} is typing…</p>}
      {notice && (
        <p role="alert" class="alert small">
          {notice}
          <button type="button" class="link" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </p>
      )}
      {ended ? (
        <div class="pad">
          <button type="button" class="primary" onClick={onRestart}>
            Start a new chat
          </button>
        </div>
      ) : (
        <form
          class="composer"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <label class="icon attach" title="Attach file">
            <input type="file" class="sr-only" aria-label="Attach file" accept={config?.allowedFileTypes.map((t) => `.${t}`).join(',')} onChange={(e) => void attach(e.currentTarget)} />
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l7.8-7.8a4 4 0 0 0-5.6-5.6L5.9 11.5a6 6 0 0 0 8.5 8.5l6.4-6.4" />
            </svg>
          </label>
          <textarea ref={inputRef} aria-label="Message" placeholder="Type your message…" rows={1} maxLength={4000} value={draft} onInput={(e) => onDraft(e.currentTarget.value)} onKeyDown={onComposerKey} />
          <button type="submit" class="primary send" disabled={!draft.trim()}>
            Send
          </button>
        </form>
      )}
    </div>
  );
}

function MessageItem({ message: m, onDownload }: { message: MessageView; onDownload: (id: string, name: string) => void }) {
  const who = m.sender.type === 'visitor' ? 'You' : m.sender.type === 'agent' ? m.sender.name || 'Agent' : 'Info';
  const attachmentOnly = m.attachments.length > 0 && m.attachments.some((a) => a.name === m.body);
  return (
    <div class={`msg ${m.sender.type === 'visitor' ? 'mine' : m.sender.type}`}>
      {m.sender.type !== 'system' && (
        <div class="meta">
          <span class="who">{who}</span> · <time dateTime={m.createdAt}>{timeOf(m.createdAt)}</time>
        </div>
      )}
      <div class="bubble" role="paragraph">
        {!attachmentOnly && <Linkified text={m.body} />}
        {m.attachments.map((a) => (
          <button type="button" class="file" key={a.id} onClick={() => onDownload(a.id, a.name)}>
            {`Download ${a.name} (${formatBytes(a.size)})`}
          </button>
        ))}
      </div>
      {m.sender.type === 'system' && (
        <div class="meta">
          <time dateTime={m.createdAt}>{timeOf(m.createdAt)}</time>
        </div>
      )}
    </div>
  );
}

render(<Panel />, document.getElementById('root')!);
