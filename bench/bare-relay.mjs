#!/usr/bin/env node
// The reference for `bench/load.mjs`: a bare Socket.IO relay speaking the same
// wire protocol as Switchboard's message path, with no storage, no auth, no
// framework. What it still does, so that the comparison is about the product's
// own work and not about Socket.IO: the same namespaces, the same rooms, the
// same payload shapes, an ack with the message, and `message.new` to the
// paired agent's room and (like the product) echoed to the visitor's room.
//
//   /agent    auth {token: <agentId>}     `chat.accept {transactionId}` pairs a chat with this agent
//   /visitor  auth {token: <chatId>}      `message.send {transactionId, clientMessageId, body}`
//
// Run by load.mjs as a child process; prints `{"port": n}` on stdout once listening.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  res.writeHead(404).end();
});
const io = new Server(server, { cors: { origin: true } });

/** transactionId → agentId, set by `chat.accept` */
const assignee = new Map();
/** transactionId → last sequence number */
const seqs = new Map();

const agents = io.of('/agent');
const visitors = io.of('/visitor');

agents.on('connection', (socket) => {
  const agentId = String(socket.handshake.auth?.token ?? socket.id);
  socket.join(`agent:${agentId}`);
  socket.on('chat.accept', (payload, ack) => {
    const transactionId = String(payload?.transactionId ?? '');
    assignee.set(transactionId, agentId);
    if (typeof ack === 'function') ack({ ok: true, transaction: { id: transactionId, status: 'assigned', assigneeId: agentId } });
  });
});

visitors.on('connection', (socket) => {
  const transactionId = String(socket.handshake.auth?.token ?? '');
  socket.join(`visitor:${transactionId}`);
  socket.on('message.send', (payload, ack) => {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    if (!payload || payload.transactionId !== transactionId || typeof payload.body !== 'string') {
      reply({ ok: false, code: 'validation_failed', message: 'bad payload' });
      return;
    }
    const seq = (seqs.get(transactionId) ?? 0) + 1;
    seqs.set(transactionId, seq);
    const message = {
      id: randomUUID(), transactionId, seq, sender: { type: 'visitor', id: transactionId }, body: payload.body,
      clientMessageId: payload.clientMessageId ?? null, attachments: [], createdAt: new Date().toISOString(),
    };
    reply({ ok: true, message });
    const agentId = assignee.get(transactionId);
    if (agentId) agents.to(`agent:${agentId}`).emit('message.new', { message });
    visitors.to(`visitor:${transactionId}`).emit('message.new', { message });
  });
});

server.listen(port, host, () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});

const stop = () => {
  io.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
