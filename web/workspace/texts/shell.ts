/** Texts of the shell: sign-in, header, chat list, open chat, offers, transfers. */
type Outcome = 'accepted' | 'rejected' | 'expired' | 'cancelled';

export const shell = {
  product: 'Switchboard',
  signIn: {
    title: 'Sign in to Switchboard',
    subtitle: 'Agent workspace',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
  },
  signOut: 'Sign out',
  expired: 'Your session has ended. Please sign in again.',
  presence: 'Presence',
  online: 'Online',
  away: 'Away',
  offline: 'Offline',
  capacity: (active: number, max: number | null) => (max === null ? `${active} active chats` : `${active} of ${max} chats`),
  capacityLabel: 'Active chats against your capacity',
  chats: 'Chats',
  tabs: { mine: 'Mine', waiting: 'Waiting', completed: 'Completed' },
  emptyMine: 'No chats assigned to you. New chats are offered to you while you are online.',
  emptyWaiting: 'No chats are waiting.',
  unread: (n: number) => `${n} unread`,
  noChatOpen: 'Choose a chat from the list to open it.',
  visitor: 'Visitor',
  dismiss: 'Dismiss',
  notifications: 'Notifications',
  reconnecting: 'Reconnecting… messages you send meanwhile are delivered once the connection is back.',
  connecting: 'Connecting…',
  pendingAnswers: (n: number) => (n === 1 ? '1 request waits for your answer' : `${n} requests wait for your answer`),
  noAnswer: 'The server did not answer in time. Please try again.',
  newChat: (customer: string, inbox: string) => (inbox ? `New chat from ${customer} in ${inbox}` : `New chat from ${customer}`),
  mention: (author: string, customer: string) => `${author} mentioned you in the internal discussion of the chat with ${customer}`,
  chatEnded: (customer: string) => `The chat with ${customer} has ended.`,
  status: {
    waiting: 'Waiting',
    assigning: 'Being offered',
    assigned: 'Open',
    transferring: 'Transfer pending',
    ended: 'Ended',
    failed: 'Failed',
  } as Record<string, string>,
  offer: {
    title: (customer: string) => `New chat offered: ${customer}`,
    firstMessage: 'First message',
    noMessage: 'The visitor has not written yet.',
    timeLeft: (s: string) => `${s} left to answer`,
    accept: 'Accept',
    reject: 'Reject',
    takenHere: (customer: string) => `You accepted the chat with ${customer} elsewhere.`,
    taken: (customer: string) => `The chat with ${customer} was taken by another agent.`,
    expired: (customer: string) => `The offer of the chat with ${customer} expired.`,
    ended: (customer: string) => `The chat with ${customer} ended before it was answered.`,
  },
  conversation: {
    messages: 'Messages',
    message: 'Message',
    send: 'Send',
    attach: 'Attach file',
    attachHint: 'Drop a file here or paste an image to send it',
    canned: 'Canned responses',
    noCanned: 'No canned response matches.',
    complete: 'Complete',
    transfer: 'Transfer',
    older: 'Show earlier messages',
    loading: 'Loading…',
    sending: 'Sending…',
    sent: 'Sent',
    refused: 'Not sent',
    uploading: (name: string) => `Uploading ${name}…`,
    download: (name: string) => `Download ${name}`,
    typing: (who: string) => `${who} is typing…`,
    you: 'You',
    system: 'System',
    readOnly: (status: string) => `This chat is ${status.toLowerCase()}: it is read-only.`,
    notYours: 'This chat is not assigned to you: you can read it but not write.',
    composerHint: 'Enter sends, Shift+Enter starts a new line, / opens canned responses',
    back: 'Back to chats',
  },
  transfer: {
    title: 'Transfer chat',
    agent: 'Agent',
    inbox: 'Inbox',
    inboxLabel: 'Inbox',
    toAgent: 'To an agent',
    toInbox: 'To an inbox',
    choose: 'Choose…',
    agentOption: (name: string, presence: string, free: number) => `${name} — ${presence}, ${free} free`,
    noAgents: 'No other agent of this inbox is online with free capacity.',
    sendRequest: 'Send request',
    moveToInbox: 'Move to inbox',
    close: 'Close',
    pending: (name: string) => `Waiting for ${name} to answer the transfer…`,
    cancel: 'Cancel transfer',
    moved: (inbox: string) => `The chat was moved to ${inbox}.`,
    requestTitle: (from: string) => `Transfer request from ${from}`,
    requestBody: (customer: string) => `Chat with ${customer}`,
    accept: 'Accept',
    reject: 'Reject',
    requestGone: (outcome: 'expired' | 'cancelled', from: string) =>
      outcome === 'expired' ? `The transfer request from ${from} expired.` : `${from} cancelled the transfer request.`,
    outcome: (outcome: Outcome, to: string, customer: string) => {
      const who = to || 'The agent';
      switch (outcome) {
        case 'accepted':
          return `${who} accepted the transfer of the chat with ${customer}.`;
        case 'rejected':
          return `${who} rejected the transfer of the chat with ${customer}; it stays with you.`;
        case 'expired':
          return `The transfer of the chat with ${customer} expired without an answer; it stays with you.`;
        case 'cancelled':
          return `The transfer of the chat with ${customer} was cancelled; it stays with you.`;
      }
    },
  },
  time: {
    left: (ms: number) => {
      const s = Math.max(0, Math.ceil(ms / 1000));
      return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    },
  },
};
