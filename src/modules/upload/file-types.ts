/**
 * The allowed file types (SPEC.md "Files"), what each must look like inside,
 * and the content type it is served with. The served type comes from this
 * table, never from the client.
 *
 * - `signature`: file-type must sniff one of `sniffed` (families it cannot
 *   tell apart are listed together: OOXML documents are zips, old Office
 *   files are CFB containers, ISO media covers mp4/mov/m4v).
 * - `text`: valid UTF-8 without NUL bytes; if file-type recognises it at all,
 *   it must be one of `sniffed` (e.g. `<?xml …` is sniffed as xml).
 * - `pgp`: binary OpenPGP packets or ASCII armour.
 */
export type ContentRule =
  | { kind: 'signature'; sniffed: string[] }
  | { kind: 'text'; sniffed: string[] }
  | { kind: 'pgp' };

export interface FileTypeRule {
  contentType: string;
  rule: ContentRule;
}

const sig = (...sniffed: string[]): ContentRule => ({ kind: 'signature', sniffed });
const text = (...sniffed: string[]): ContentRule => ({ kind: 'text', sniffed });

const ooxml = sig('docx', 'xlsx', 'zip');
const cfb = sig('cfb');
const isoMedia = sig('mp4', 'm4v', 'mov');
const matroska = sig('mkv', 'webm');
const gzip = sig('gz', 'tar.gz');
const utf8 = '; charset=utf-8';
/** Text formats file-type recognises that plain-text types may contain. */
const plain = text('xml', 'ics', 'vcf', 'vtt', 'pgp');

export const FILE_TYPES: Record<string, FileTypeRule> = {
  '7z': { contentType: 'application/x-7z-compressed', rule: sig('7z') },
  avi: { contentType: 'video/x-msvideo', rule: sig('avi') },
  bmp: { contentType: 'image/bmp', rule: sig('bmp') },
  cfg: { contentType: `text/plain${utf8}`, rule: plain },
  csv: { contentType: `text/csv${utf8}`, rule: plain },
  doc: { contentType: 'application/msword', rule: cfb },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', rule: ooxml },
  gif: { contentType: 'image/gif', rule: sig('gif') },
  gz: { contentType: 'application/gzip', rule: gzip },
  jpg: { contentType: 'image/jpeg', rule: sig('jpg') },
  jpeg: { contentType: 'image/jpeg', rule: sig('jpg') },
  json: { contentType: `application/json${utf8}`, rule: text() },
  mkv: { contentType: 'video/x-matroska', rule: matroska },
  mov: { contentType: 'video/quicktime', rule: isoMedia },
  mp3: { contentType: 'audio/mpeg', rule: sig('mp3') },
  mp4: { contentType: 'video/mp4', rule: isoMedia },
  pcap: { contentType: 'application/vnd.tcpdump.pcap', rule: sig('pcap') },
  pdf: { contentType: 'application/pdf', rule: sig('pdf') },
  pgp: { contentType: 'application/pgp-encrypted', rule: { kind: 'pgp' } },
  png: { contentType: 'image/png', rule: sig('png', 'apng') },
  psd: { contentType: 'image/vnd.adobe.photoshop', rule: sig('psd') },
  rar: { contentType: 'application/vnd.rar', rule: sig('rar') },
  svg: { contentType: 'image/svg+xml', rule: text('xml') },
  tar: { contentType: 'application/x-tar', rule: sig('tar') },
  tgz: { contentType: 'application/gzip', rule: gzip },
  tif: { contentType: 'image/tiff', rule: sig('tif') },
  tiff: { contentType: 'image/tiff', rule: sig('tif') },
  txt: { contentType: `text/plain${utf8}`, rule: plain },
  wav: { contentType: 'audio/wav', rule: sig('wav') },
  webm: { contentType: 'video/webm', rule: matroska },
  wmv: { contentType: 'video/x-ms-wmv', rule: sig('asf') },
  xls: { contentType: 'application/vnd.ms-excel', rule: cfb },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', rule: ooxml },
  xml: { contentType: `application/xml${utf8}`, rule: text('xml') },
  zip: { contentType: 'application/zip', rule: sig('zip', 'docx', 'xlsx') },
};

export const ALLOWED_EXTENSIONS = Object.keys(FILE_TYPES).sort();

/** Lower-case extension after the last dot, or '' (`report.PDF` → `pdf`, `a.tar.gz` → `gz`). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function fileTypeOf(name: string): FileTypeRule | undefined {
  const ext = extensionOf(name);
  return Object.hasOwn(FILE_TYPES, ext) ? FILE_TYPES[ext] : undefined;
}

const MAX_NAME = 200;

/**
 * The client's file name made safe to show and to put in a header: no path
 * (`../../etc/passwd.txt` → `passwd.txt`), no control or reserved characters,
 * no leading dots, at most 200 characters with the extension kept.
 */
export function sanitizeFileName(raw: string | undefined | null): string {
  const base = String(raw ?? '').split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if ([...name].length > MAX_NAME) {
    const ext = extensionOf(name);
    const keep = ext && ext.length < 20 ? `.${ext}` : '';
    name = [...name].slice(0, MAX_NAME - keep.length).join('') + keep;
  }
  return name;
}
