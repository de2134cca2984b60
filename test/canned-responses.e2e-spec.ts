import { describe, expect, it } from '@jest/globals';
import { api, ask, collect, connectSocket, useApp, until, socketTracker } from './support/app.js';
import { goOnline, newFloor, startChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';

describe('canned responses', () => {
  const t = useApp();
  const track = socketTracker();

  const create = (who: Session, body: Record<string, unknown>) => t.http().post(api('/canned-responses')).set(auth(who)).send(body);
  const list = async (who: Session, query = '') => (await t.http().get(api(`/canned-responses${query}`)).set(auth(who)).expect(200)).body;
  const shortcutsOf = (page: { items: Array<{ scope: string; shortcut: string }> }) => page.items.map((r) => `${r.scope}:${r.shortcut}`);

  it('lets only owners/admins manage organization responses and keeps personal ones to their owner', async () => {
    const org = await newOrganization(t);
    const admin = await newUser(t, org, 'admin');
    const [ann, ben] = [await newUser(t, org, 'member'), await newUser(t, org, 'member')];

    const refused = await create(ann, { shortcut: 'greet', content: 'Hello!', scope: 'organization' }).expect(403);
    expect(refused.body.code).toBe('admin_only');
    const orgGreet = (await create(admin, { shortcut: 'greet', content: 'Hello!', scope: 'organization' }).expect(201)).body;
    expect(orgGreet).toMatchObject({ shortcut: 'greet', content: 'Hello!', scope: 'organization', ownerId: null });

    // a member uses organization responses but cannot edit or delete them
    expect((await t.http().get(api(`/canned-responses/${orgGreet.id}`)).set(auth(ann)).expect(200)).body.content).toBe('Hello!');
    expect((await t.http().patch(api(`/canned-responses/${orgGreet.id}`)).set(auth(ann)).send({ content: 'Hacked' }).expect(403)).body.code).toBe('admin_only');
    expect((await t.http().delete(api(`/canned-responses/${orgGreet.id}`)).set(auth(ann)).expect(403)).body.code).toBe('admin_only');

    // personal is the default scope; nobody else sees it, not even an admin
    const annBye = (await create(ann, { shortcut: '/bye', content: 'Bye from Ann' }).expect(201)).body;
    expect(annBye).toMatchObject({ shortcut: 'bye', scope: 'personal', ownerId: ann.user.id });
    for (const other of [ben, admin, org.owner]) {
      expect(shortcutsOf(await list(other))).toEqual(['organization:greet']);
      expect(shortcutsOf(await list(other, '?scope=personal'))).toEqual([]);
      const hidden = await t.http().get(api(`/canned-responses/${annBye.id}`)).set(auth(other)).expect(404);
      expect(hidden.body.code).toBe('canned_response_not_found');
      await t.http().patch(api(`/canned-responses/${annBye.id}`)).set(auth(other)).send({ content: 'x' }).expect(404);
      await t.http().delete(api(`/canned-responses/${annBye.id}`)).set(auth(other)).expect(404);
    }
    expect(shortcutsOf(await list(ann))).toEqual(['personal:bye', 'organization:greet']);

    // the owner edits their own; admins edit and delete organization ones
    expect((await t.http().patch(api(`/canned-responses/${annBye.id}`)).set(auth(ann)).send({ content: 'See you!' }).expect(200)).body.content).toBe('See you!');
    expect((await t.http().patch(api(`/canned-responses/${orgGreet.id}`)).set(auth(admin)).send({ content: 'Welcome!' }).expect(200)).body).toMatchObject({ content: 'Welcome!', scope: 'organization' });
    await t.http().patch(api(`/canned-responses/${orgGreet.id}`)).set(auth(admin)).send({ scope: 'personal' }).expect(400);

    // another organization does not see any of them
    const stranger = await newOrganization(t);
    expect(shortcutsOf(await list(stranger.owner))).toEqual([]);
    await t.http().get(api(`/canned-responses/${orgGreet.id}`)).set(auth(stranger.owner)).expect(404);
    await t.http().delete(api(`/canned-responses/${orgGreet.id}`)).set(auth(stranger.owner)).expect(404);

    await t.http().delete(api(`/canned-responses/${orgGreet.id}`)).set(auth(admin)).expect(204);
    await t.http().delete(api(`/canned-responses/${annBye.id}`)).set(auth(ann)).expect(204);
    expect(shortcutsOf(await list(ann))).toEqual([]);
  });

  it('refuses a duplicate shortcut within a scope with 409, case-insensitively and under a race, and bad input with 400', async () => {
    const org = await newOrganization(t);
    const [ann, ben] = [await newUser(t, org, 'member'), await newUser(t, org, 'member')];
    await create(org.owner, { shortcut: 'Greet', content: 'Hello', scope: 'organization' }).expect(201);
    const dup = await create(org.owner, { shortcut: 'GREET', content: 'Hi', scope: 'organization' }).expect(409);
    expect(dup.body.code).toBe('shortcut_taken');

    // the same name in another scope, or for another agent, is fine
    await create(ann, { shortcut: 'greet', content: 'Ann says hi', scope: 'personal' }).expect(201);
    expect((await create(ann, { shortcut: 'gReEt', content: 'again' }).expect(409)).body.code).toBe('shortcut_taken');
    await create(ben, { shortcut: 'greet', content: 'Ben says hi' }).expect(201);
    await create((await newOrganization(t)).owner, { shortcut: 'greet', content: 'elsewhere', scope: 'organization' }).expect(201);

    // two creations racing: exactly one wins
    const race = await Promise.all([create(ann, { shortcut: 'race', content: 'one' }), create(ann, { shortcut: 'RACE', content: 'two' })]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);

    // renaming into a taken shortcut
    const other = (await create(ann, { shortcut: 'other', content: 'x' }).expect(201)).body;
    expect((await t.http().patch(api(`/canned-responses/${other.id}`)).set(auth(ann)).send({ shortcut: 'Greet' }).expect(409)).body.code).toBe('shortcut_taken');

    for (const body of [
      { shortcut: 'hello world', content: 'x' },
      { shortcut: 'a/b', content: 'x' },
      { shortcut: 'x'.repeat(51), content: 'x' },
      { shortcut: '', content: 'x' },
      { shortcut: 'ok', content: '' },
      { shortcut: 'ok', content: '   ' },
      { shortcut: 'ok', content: 'x'.repeat(5001) },
      { shortcut: 'ok', content: 'x', scope: 'team' },
      { shortcut: 'ok', content: 'x', extra: 1 },
    ]) {
      const res = await create(ann, body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await t.http().get(api('/canned-responses?prefix=a%25')).set(auth(ann)).expect(400);
    expect((await t.http().get(api('/canned-responses?cursor=bogus')).set(auth(ann)).expect(400)).body.code).toBe('invalid_cursor');
    expect(shortcutsOf(await list(ann))).toEqual(['personal:greet', 'personal:other', 'personal:race']);
  });

  it('lists personal first, a personal shortcut hiding the organization one, with prefix lookup and paging', async () => {
    const org = await newOrganization(t);
    const [ann, ben] = [await newUser(t, org, 'member'), await newUser(t, org, 'member')];
    for (const shortcut of ['refund', 'greet', 'hours', 'greeting', 'a_b', 'axb']) {
      await create(org.owner, { shortcut, content: `org ${shortcut}`, scope: 'organization' }).expect(201);
    }
    await create(ann, { shortcut: 'Greet', content: 'ann greet' }).expect(201);
    await create(ann, { shortcut: 'gone', content: 'ann gone' }).expect(201);

    const annAll = await list(ann);
    expect(shortcutsOf(annAll)).toEqual([
      'personal:gone', 'personal:Greet', 'organization:a_b', 'organization:axb', 'organization:greeting', 'organization:hours', 'organization:refund',
    ]);
    expect(annAll.nextCursor).toBeNull();
    expect(shortcutsOf(await list(ben))).toEqual([
      'organization:a_b', 'organization:axb', 'organization:greet', 'organization:greeting', 'organization:hours', 'organization:refund',
    ]);

    expect(shortcutsOf(await list(ann, '?prefix=gre'))).toEqual(['personal:Greet', 'organization:greeting']);
    expect(shortcutsOf(await list(ann, '?prefix=GRE'))).toEqual(['personal:Greet', 'organization:greeting']);
    expect(shortcutsOf(await list(ann, '?prefix=%2Fgo'))).toEqual(['personal:gone']);
    expect(shortcutsOf(await list(ben, '?prefix=greet'))).toEqual(['organization:greet', 'organization:greeting']);
    // `_` is a letter of the shortcut, not a wildcard
    expect(shortcutsOf(await list(ann, '?prefix=a_'))).toEqual(['organization:a_b']);
    // managing one scope shows it whole, the hidden organization `greet` included
    expect(shortcutsOf(await list(ann, '?scope=organization&prefix=greet'))).toEqual(['organization:greet', 'organization:greeting']);

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ scope: string; shortcut: string }>; nextCursor: string | null } = await list(ann, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      walked.push(...shortcutsOf(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(shortcutsOf(annAll));
  });

  it('expands a whole-message /shortcut in agent messages through REST and Socket.IO, with placeholders; anything else is sent as typed', async () => {
    const org: Org = await newOrganization(t);
    const agent = await newUser(t, org, 'member');
    const inbox = (await newInbox(t, org, [agent], { name: 'Billing Desk' })) as { id: string; name: string };
    await create(org.owner, { shortcut: 'greet', content: 'Hello {{customer.name}}, I am {{agent.name}} from {{inbox.name}}. [{{customer.email}}|{{customer.phone}}] {{order.id}}', scope: 'organization' }).expect(201);
    await create(org.owner, { shortcut: 'bye', content: 'Goodbye {{customer.name}}!', scope: 'organization' }).expect(201);

    const agentSocket = track(await goOnline(t, agent));
    const chat = await startChat(t, inbox.id, { name: 'Vera Visitor', email: 'vera@example.test' });
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(agent)).expect(200);
    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    const delivered = collect(visitor, 'message.new');
    const expected = `Hello Vera Visitor, I am ${agent.user.name} from Billing Desk. [vera@example.test|] {{order.id}}`;

    const rest = await t.http().post(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(agent)).send({ clientMessageId: 'c-1', body: '/greet' }).expect(201);
    expect(rest.body).toMatchObject({ body: expected, sender: { type: 'agent', id: agent.user.id } });
    // a resend with the same clientMessageId is the same stored message
    const again = await t.http().post(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(agent)).send({ clientMessageId: 'c-1', body: '/greet' }).expect(201);
    expect(again.body.id).toBe(rest.body.id);

    const viaSocket = await ask(agentSocket, 'message.send', { transactionId: chat.transaction.id, clientMessageId: 'c-2', body: '  /BYE \n' });
    expect(viaSocket).toMatchObject({ ok: true, message: { body: 'Goodbye Vera Visitor!' } });

    // a personal shortcut wins over the organization one of the same name
    await create(agent, { shortcut: 'Bye', content: 'Cheers, {{agent.name}}' }).expect(201);
    expect(await ask(agentSocket, 'message.send', { transactionId: chat.transaction.id, body: '/bye' })).toMatchObject({ ok: true, message: { body: `Cheers, ${agent.user.name}` } });

    for (const typed of ['/greet please', 'say /greet', '/nothing-here', '/ greet', '//greet']) {
      const sent = await t.http().post(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(agent)).send({ body: typed }).expect(201);
      expect(sent.body.body).toBe(typed);
    }

    // visitors never trigger an expansion, by REST or by socket
    const fromVisitor = await t.http().post(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).send({ body: '/greet' }).expect(201);
    expect(fromVisitor.body).toMatchObject({ body: '/greet', sender: { type: 'visitor' } });
    expect(await ask(visitor, 'message.send', { transactionId: chat.transaction.id, body: '/bye' })).toMatchObject({ ok: true, message: { body: '/bye' } });

    const stored = (await t.http().get(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(agent)).expect(200)).body.items.map((m: { body: string }) => m.body);
    expect(stored).toEqual([expected, 'Goodbye Vera Visitor!', `Cheers, ${agent.user.name}`, '/greet please', 'say /greet', '/nothing-here', '/ greet', '//greet', '/greet', '/bye']);
    // the visitor received the expanded text, never the shortcut
    await until(() => delivered.length >= 10);
    expect(delivered.slice(0, 3).map((m) => m.message.body)).toEqual([expected, 'Goodbye Vera Visitor!', `Cheers, ${agent.user.name}`]);
  });

  it('refuses a shortcut that fills in to nothing, and only expands for agents allowed to write', async () => {
    const { org, agents: [agent, colleague], inbox } = await newFloor(t, 2);
    await create(org.owner, { shortcut: 'name', content: '{{customer.name}}', scope: 'organization' }).expect(201);
    track(await goOnline(t, agent));
    const chat = await startChat(t, inbox.id);
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(agent)).expect(200);
    const empty = await t.http().post(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(agent)).send({ body: '/name' }).expect(400);
    expect(empty.body.code).toBe('empty_expansion');
    // a colleague who does not hold the chat still gets the write refusal, expansion or not
    expect((await t.http().post(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(colleague)).send({ body: '/name' }).expect(403)).body.code).toBe('not_assignee');
    expect((await t.http().get(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(agent)).expect(200)).body.items).toEqual([]);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/canned-responses', '/api/v1/canned-responses/{id}']));
    expect(Object.keys(doc.components.schemas.CreateCannedResponseDto.properties)).toEqual(['shortcut', 'content', 'scope']);
  });
});
