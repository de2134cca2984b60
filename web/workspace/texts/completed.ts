/** Texts of the Completed tab (web/workspace/completed). */
export const completed = {
  heading: 'Completed chats',
} as const;
