import type { JSX } from 'preact';
import { t } from '../texts/index.js';

/** The Completed tab (issue 12 point 13). Placeholder until filled. */
export function CompletedView(_props: { onOpenTransaction: (id: string) => void }): JSX.Element {
  return (
    <div class="completed">
      <h2>{t.completed.heading}</h2>
    </div>
  );
}
