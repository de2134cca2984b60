import { Transform, type TransformCallback } from 'node:stream';
import type { ContentRule } from './file-types.js';

const HEAD_BYTES = 512;

/** What the server learned about a file while it streamed through, without holding it. */
export interface Inspection {
  /** The first bytes (magic numbers, shebangs, PGP armour). */
  head: Buffer;
  /** The whole file is valid UTF-8 and has no NUL byte. */
  isText: boolean;
}

/** A pass-through that looks at every byte once: keeps the head, validates UTF-8. */
export class Inspector extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private headParts: Buffer[] = [];
  private headLength = 0;
  private text = true;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength);
      this.headParts.push(Buffer.from(part));
      this.headLength += part.length;
    }
    if (this.text) {
      if (chunk.includes(0)) this.text = false;
      else {
        try {
          this.decoder.decode(chunk, { stream: true });
        } catch {
          this.text = false;
        }
      }
    }
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback) {
    if (this.text) {
      try {
        this.decoder.decode();
      } catch {
        this.text = false; // ends inside a multi-byte sequence
      }
    }
    cb();
  }

  result(): Inspection {
    return { head: Buffer.concat(this.headParts), isText: this.text };
  }
}

const startsWith = (head: Buffer, hex: string) => head.subarray(0, hex.length / 2).equals(Buffer.from(hex, 'hex'));

/** File types file-type names for programs; refused under any name. */
const EXECUTABLE_SNIFFS = new Set(['exe', 'elf', 'macho', 'class', 'wasm', 'apk', 'jar', 'crx', 'xpi', 'deb', 'rpm', 'lnk', 'reg', 'chm', 'swf', 'dmg', 'cab', 'nes']);

/**
 * Programs under any name: Windows PE/DOS (`MZ`, when not plain text), ELF,
 * Mach-O (32/64 bit, both byte orders, universal), scripts with a shebang,
 * and whatever file-type itself names an executable or installer.
 */
export function looksExecutable(inspection: Inspection, sniffed: string | undefined): boolean {
  const { head, isText } = inspection;
  if (sniffed && EXECUTABLE_SNIFFS.has(sniffed)) return true;
  if (head.subarray(0, 2).toString('latin1') === 'MZ' && !isText) return true;
  if (startsWith(head, '7f454c46')) return true;
  if (['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe', 'cafebabe'].some((m) => startsWith(head, m))) return true;
  // a shebang, possibly after a UTF-8 byte order mark
  const start = startsWith(head, 'efbbbf') ? head.subarray(3) : head;
  if (start.subarray(0, 2).toString('latin1') === '#!') return true;
  return false;
}

/** Does the content agree with the extension's rule? */
export function contentMatches(rule: ContentRule, inspection: Inspection, sniffed: string | undefined): boolean {
  switch (rule.kind) {
    case 'signature':
      return !!sniffed && rule.sniffed.includes(sniffed);
    case 'text':
      return inspection.isText && (!sniffed || rule.sniffed.includes(sniffed));
    case 'pgp': {
      if (sniffed === 'pgp') return true;
      if (inspection.isText) return /^(\ufeff)?\s*-----BEGIN PGP [A-Z ]+-----/.test(inspection.head.toString('utf8'));
      // binary OpenPGP: the first byte is a packet tag, whose high bit is always set
      return !sniffed && (inspection.head[0] & 0x80) === 0x80;
    }
  }
}
