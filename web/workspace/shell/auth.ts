import type { UserView } from '../../client/types.js';

/** The signed-in agent, kept in localStorage until the token expires. */
export interface Stored {
  accessToken: string;
  user: UserView;
}

const KEY = 'switchboard.session';

function expiry(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

export function loadSession(): Stored | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as Stored;
    const exp = expiry(stored.accessToken);
    if (exp !== null && exp <= Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return stored;
  } catch {
    return null;
  }
}

export function saveSession(stored: Stored | null): void {
  if (stored) localStorage.setItem(KEY, JSON.stringify(stored));
  else localStorage.removeItem(KEY);
}

/** Milliseconds until the token expires (null: no expiry in the token). */
export function msUntilExpiry(token: string): number | null {
  const exp = expiry(token);
  return exp === null ? null : exp - Date.now();
}
