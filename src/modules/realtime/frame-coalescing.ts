import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';

/**
 * Frames written to one WebSocket during a turn of the event loop leave in one
 * TCP write at the end of that turn, instead of one write (one `writev`
 * system call) each.
 *
 * Engine.io writes a socket's packets one at a time: the next packet waits in
 * its buffer until the write of the previous one has called back. So a
 * visitor's message answered with its ack and, a moment later in the same
 * turn, echoed as `message.new` cost two system calls on that socket, and on
 * a loopback or busy host a system call costs more than the frame's encoding.
 * Here a frame given to `send` goes into the TCP socket while it is corked,
 * Engine.io is told at once (on the next tick) that the frame is written, so
 * the frames after it join the same corked socket, and the socket is uncorked
 * once the turn's pending callbacks (`setImmediate`) have run.
 *
 * Only `send` opens a corked turn. Socket.IO's broadcasts are encoded once as
 * a whole frame and written by Engine.io through ws's frame sender, not
 * `send`: they join a turn an ack opened, and otherwise go out at once.
 *
 * Order is kept (one socket, one buffer). A failed write is still reported:
 * ws emits `error` and closes the socket, and Engine.io closes the transport.
 * Plugged in as Engine.io's `wsEngine` (its documented option for a
 * ws-compatible server) with ws's documented `WebSocket` class option.
 */
export class CoalescingWebSocketServer extends WebSocketServer {
  constructor(options?: ServerOptions, callback?: () => void) {
    super({ ...options, WebSocket: CoalescingWebSocket }, callback);
  }

  override handleUpgrade(request: IncomingMessage, socket: Duplex, upgradeHead: Buffer, callback: (client: WebSocket, request: IncomingMessage) => void): void {
    super.handleUpgrade(request, socket, upgradeHead, (client, req) => {
      (client as CoalescingWebSocket).coalesceOn(socket);
      callback(client, req);
    });
  }
}

type SendCallback = (err?: Error) => void;

export class CoalescingWebSocket extends WebSocket {
  private tcp?: Duplex;
  private corked = false;

  coalesceOn(tcp: Duplex) {
    this.tcp = tcp;
  }

  override send(data: unknown, options?: object | SendCallback, cb?: SendCallback): void {
    const callback = typeof options === 'function' ? (options as SendCallback) : cb;
    const opts = typeof options === 'function' ? {} : (options ?? {});
    const tcp = this.tcp;
    if (!tcp || this.readyState !== WebSocket.OPEN) {
      super.send(data as Buffer, opts, callback);
      return;
    }
    if (!this.corked) {
      this.corked = true;
      tcp.cork();
      setImmediate(() => {
        this.corked = false;
        tcp.uncork();
      });
    }
    // the frame is in the socket's buffer: the sender may go on (a write error closes the socket)
    super.send(data as Buffer, opts);
    if (callback) process.nextTick(callback);
  }
}
