import type { JSX } from 'preact';
import type { TransactionView } from '../../client/types.js';
import { t } from '../texts/index.js';

/** The Internal discussion panel of a chat (issue 12 point 12). Placeholder until filled. */
export function DiscussionPanel(props: { transaction: TransactionView }): JSX.Element {
  return (
    <section class="discussion" aria-label={t.discussion.region} data-transaction={props.transaction.id}>
      <h2>{t.discussion.region}</h2>
    </section>
  );
}
