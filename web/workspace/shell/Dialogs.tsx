import { useEffect, useState } from 'preact/hooks';
import { query } from '../../client/api.js';
import type { MessageView, Page } from '../../client/types.js';
import { t } from '../texts/index.js';
import { Countdown, Dialog } from './Dialog.js';
import type { IncomingTransfer, Offer, Store } from './store.js';

/** A chat offered to me: customer, first message, time left, Accept / Reject. */
export function OfferDialog(props: { store: Store; offer: Offer; onHide: () => void }) {
  const { store, offer } = props;
  const txn = offer.transaction;
  const [first, setFirst] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    store.api
      .get<Page<MessageView>>(`/transactions/${txn.id}/messages${query({ limit: 10 })}`)
      .then((page) => live && setFirst(page.items.find((m) => m.sender.type === 'visitor')?.body ?? null))
      .catch(() => live && setFirst(null));
    return () => {
      live = false;
    };
  }, [txn.id]);
  const s = t.shell.offer;
  const customer = store.state.customers[txn.customerId];
  return (
    <Dialog title={s.title(store.customerName(txn))} role="alertdialog" onClose={props.onHide} class="offer">
      <dl class="facts">
        {customer?.email && (<><dt>{t.customer.email}</dt><dd>{customer.email}</dd></>)}
        {customer?.phone && (<><dt>{t.customer.phone}</dt><dd>{customer.phone}</dd></>)}
        <dt>{t.shell.transfer.inboxLabel}</dt><dd>{store.inboxName(txn.inboxId)}</dd>
      </dl>
      <p class="label">{s.firstMessage}</p>
      <blockquote class="first-message">{first === undefined ? t.shell.conversation.loading : first ?? s.noMessage}</blockquote>
      <p class="time-left"><Countdown until={offer.expiresAt} render={s.timeLeft} /></p>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void store.rejectOffer(offer)}>{s.reject}</button>
        <button type="button" class="primary" onClick={() => void store.acceptOffer(offer)}>{s.accept}</button>
      </div>
    </Dialog>
  );
}

/** A transfer request to me: from whom, which chat, time left, Accept / Reject. */
export function TransferRequestDialog(props: { store: Store; item: IncomingTransfer; onHide: () => void }) {
  const { store, item } = props;
  const s = t.shell.transfer;
  return (
    <Dialog title={s.requestTitle(item.transfer.fromAgent.name)} role="alertdialog" onClose={props.onHide} class="offer">
      <p>{s.requestBody(store.customerName(item.transaction))}</p>
      {item.transfer.reason && <blockquote class="first-message">{item.transfer.reason}</blockquote>}
      {item.transfer.expiresAt && <p class="time-left"><Countdown until={item.transfer.expiresAt} render={t.shell.offer.timeLeft} /></p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void store.answerTransfer(item, false)}>{s.reject}</button>
        <button type="button" class="primary" onClick={() => void store.answerTransfer(item, true)}>{s.accept}</button>
      </div>
    </Dialog>
  );
}
