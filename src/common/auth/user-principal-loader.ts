import type { UserPrincipal } from './principal.js';

/**
 * Implemented by the user module (`UserDirectoryService`); the guard and the socket
 * handshake ask it who the user of a token is. Common code never reads the users table.
 */
export abstract class UserPrincipalLoader {
  /** The principal of a user id, or null when the account no longer exists. */
  abstract principalOf(userId: string): Promise<UserPrincipal | null>;
}
