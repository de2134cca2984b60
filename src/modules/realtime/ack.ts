import { toErrorBody } from '../../common/errors/error-body.js';
import { validateInput } from '../../common/errors/validation.js';

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
    const { code, message } = toErrorBody(err);
    return { ok: false, code, message };
  }
}
