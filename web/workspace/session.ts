import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from '../client/api.js';
import type { AgentSocket } from '../client/realtime.js';
import type { UserView } from '../client/types.js';

/**
 * What every screen of the workspace gets from the shell (docs/workspace.md):
 * the REST client (signed in), the agent socket, the signed-in user and
 * `notify(text)` for an in-page notification.
 */
export interface Session {
  api: Api;
  socket: AgentSocket;
  user: UserView;
  notify: (text: string, kind?: 'info' | 'alert') => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside the signed-in workspace');
  return session;
}
