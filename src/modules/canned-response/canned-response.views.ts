import type { CannedScope } from './entities/canned-response.entity.js';

/** A canned response as the API and the events show it. */
export interface CannedResponseView {
  id: string;
  shortcut: string;
  content: string;
  scope: CannedScope;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
}
