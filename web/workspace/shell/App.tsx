import { useMemo, useState, useEffect } from 'preact/hooks';
import { createApi } from '../../client/api.js';
import { t } from '../texts/index.js';
import { loadSession, msUntilExpiry, saveSession, type Stored } from './auth.js';
import { SignIn } from './SignIn.js';
import { Workspace } from './Workspace.js';

/** Signed out: the sign-in form; signed in: the workspace until sign-out or the token's expiry. */
export function App() {
  const [stored, setStored] = useState<Stored | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);

  function signOut(reason: string | null = null) {
    saveSession(null);
    setNotice(reason);
    setStored(null);
  }

  useEffect(() => {
    if (!stored) return;
    const ms = msUntilExpiry(stored.accessToken);
    if (ms === null) return;
    const timer = setTimeout(() => signOut(t.shell.expired), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [stored]);

  const api = useMemo(
    () => (stored ? createApi({ token: () => stored.accessToken, onUnauthorized: () => signOut(t.shell.expired) }) : null),
    [stored],
  );

  if (!stored || !api) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s) => {
          saveSession(s);
          setNotice(null);
          setStored(s);
        }}
      />
    );
  }
  return <Workspace key={stored.accessToken} api={api} stored={stored} onSignOut={() => signOut()} />;
}
