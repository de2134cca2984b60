import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

/** Values marked with `encodeOnce`, and their JSON once a packet has needed it. */
const json = new WeakMap<object, string | undefined>();

/**
 * Marks a value that goes out unchanged in several packets, so that its JSON
 * is written once, by the first packet that carries it: a stored message is
 * the ack to its sender, `message.new` on the agents' namespace and again on
 * the visitor's (each packet of Socket.IO's own encoder stringifies its
 * payload, and walks it looking for binary data, on its own). The value must
 * not change after it is marked and must hold no binary data (a message view
 * is plain JSON). Returns the value.
 */
export function encodeOnce<T extends object>(value: T): T {
  if (!json.has(value)) json.set(value, undefined);
  return value;
}

const isMarked = (value: unknown): value is object => typeof value === 'object' && value !== null && json.has(value);

function jsonOf(value: object): string {
  let text = json.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    json.set(value, text);
  }
  return text;
}

/** A plain object (no `toJSON`) with a marked value among its own properties: `{message}`, `{ok: true, message}`. */
function holdsMarked(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key) && isMarked((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** `JSON.stringify(value)` for an argument of a packet, with marked values (at its top or one level in) taken from their cache. */
function argument(value: unknown): string {
  if (isMarked(value)) return jsonOf(value);
  if (!holdsMarked(value)) return JSON.stringify(value) ?? 'null';
  const parts: string[] = [];
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const inner = value[key];
    const text = isMarked(inner) ? jsonOf(inner) : JSON.stringify(inner);
    // as JSON.stringify: a property whose value has no JSON (undefined, a function) is left out
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Socket.IO's encoder, the same text on the wire (clients keep the standard
 * parser), except that an event or ack carrying a value marked with
 * `encodeOnce` reuses that value's JSON and skips the search for binary data.
 * Every other packet goes through Socket.IO's own encoding.
 */
class SharingEncoder extends Encoder {
  override encode(packet: Packet): Array<string | Buffer> {
    const { type, data, nsp, id } = packet;
    if ((type !== PacketType.EVENT && type !== PacketType.ACK) || !Array.isArray(data) || !data.some((a) => isMarked(a) || holdsMarked(a))) {
      return super.encode(packet);
    }
    // as socket.io-parser's encodeAsString: type, namespace (unless the main one) and comma, ack id, JSON data
    return [`${type}${nsp && nsp !== '/' ? `${nsp},` : ''}${id ?? ''}[${data.map(argument).join(',')}]`];
  }
}

/** The `parser` option of the Socket.IO server (`lean-io.adapter.ts`). */
export const sharingParser = { Encoder: SharingEncoder, Decoder };
