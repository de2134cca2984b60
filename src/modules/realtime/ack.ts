import { Logger } from '@nestjs/common';
import { toErrorBody } from '../../common/errors/error-body.js';
import { validateInput } from '../../common/errors/validation.js';

const log = new Logger('Socket');

export type Ack<T> = ({ ok: true } & T) | { ok: false; code: string; message: string };

/**
 * Runs a socket request: validates the payload like the REST pipe does, calls
 * the service, and answers `{ok: true, ...}` or `{ok: false, code, message}`.
 */
export async function handle<D extends object, T extends object>(dto: new () => D, payload: unknown, work: (input: D) => Promise<T>): Promise<Ack<T>> {
  try {
    const input = await validateInput(dto, payload);
    return { ok: true, ...(await work(input)) };
  } catch (err) {
    const { statusCode, code, message } = toErrorBody(err);
    // a refusal is the client's business; a failure is ours: logged with the TXN it was about
    if (statusCode >= 500) {
      const txnId = typeof (payload as { transactionId?: unknown })?.transactionId === 'string' ? (payload as { transactionId: string }).transactionId : undefined;
      log.error({ txnId, err }, 'socket request failed');
    }
    return { ok: false, code, message };
  }
}
