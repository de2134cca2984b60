import type { Socket } from 'socket.io';
import type { UserPrincipal, VisitorPrincipal } from '../../common/auth/principal.js';
import { bearerToken } from '../../common/auth/token.service.js';
import { toErrorBody } from '../../common/errors/error-body.js';

/** The handshake token: `auth.token` (socket.io-client), else an `Authorization: Bearer` header. */
export const handshakeToken = (socket: Socket): string | undefined => {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return typeof fromAuth === 'string' ? fromAuth : bearerToken(socket.handshake.headers.authorization);
};

/** Handshake middleware: a refused socket gets `connect_error` with `{code, message}` in `data`, and no connection. */
export const authenticateSocket =
  (resolve: (socket: Socket) => Promise<void>) =>
  (socket: Socket, next: (err?: Error) => void) => {
    resolve(socket).then(
      () => next(),
      (err) => {
        const body = toErrorBody(err);
        next(Object.assign(new Error(body.message), { data: { code: body.code, message: body.message } }));
      },
    );
  };

/** Who is on a socket, as the handshake middleware authenticated them. */
export const agentOf = (socket: Socket) => socket.data.principal as UserPrincipal;
export const visitorOf = (socket: Socket) => socket.data.principal as VisitorPrincipal;
