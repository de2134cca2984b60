/** Texts of the Internal discussion panel (web/workspace/discussion). */
export const discussion = {
  open: 'Internal discussion',
  region: 'Internal discussion',
} as const;
