import { useState } from 'preact/hooks';
import { ApiError, createApi } from '../../client/api.js';
import type { UserView } from '../../client/types.js';
import { t } from '../texts/index.js';
import type { Stored } from './auth.js';

export function SignIn(props: { onSignedIn: (stored: Stored) => void; notice?: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = t.shell.signIn;

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await createApi().post<{ accessToken: string; user: UserView }>('/auth/login', { email, password });
      props.onSignedIn(answer);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="signin">
      <form class="card signin-card" onSubmit={submit}>
        <h1>{s.title}</h1>
        <p class="muted">{s.subtitle}</p>
        {props.notice && <p class="note" role="status">{props.notice}</p>}
        <label>
          {s.email}
          <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          {s.password}
          <input type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>{s.submit}</button>
      </form>
    </main>
  );
}
