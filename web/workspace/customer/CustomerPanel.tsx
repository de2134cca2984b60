import type { JSX } from 'preact';
import type { TransactionView } from '../../client/types.js';
import { t } from '../texts/index.js';

/** The right sidebar of an open chat (issue 12 point 11). Placeholder until filled. */
export function CustomerPanel(props: { transaction: TransactionView; onOpenTransaction: (id: string) => void }): JSX.Element {
  return (
    <section class="customer" aria-label={t.customer.region}>
      <h2>{t.customer.region}</h2>
      <p class="muted">{props.transaction.customerId}</p>
    </section>
  );
}
