import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

/** A zip archive with stored (uncompressed) entries: enough for file-type and for any unzip tool. */
export function zip(entries: Array<[string, string | Buffer]>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name);
    const d = Buffer.from(content);
    const crc = zlib.crc32(d);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(d.length, 18);
    local.writeUInt32LE(d.length, 22);
    local.writeUInt16LE(n.length, 26);
    parts.push(local, n, d);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(d.length, 20);
    entry.writeUInt32LE(d.length, 24);
    entry.writeUInt16LE(n.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, n);
    offset += 30 + n.length + d.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Minimal files of each family, built here so the test shows exactly what is sent. */
export const samples = {
  png: Buffer.concat([hex('89504e470d0a1a0a 0000000d 49484452 00000001 00000001 0806000000 1f15c489'), hex('0000000a49444154789c6300010000050001 0d0a2db4'), hex('0000000049454e44ae426082')]),
  jpg: Buffer.concat([hex('ffd8ffe0 0010 4a464946 00 0101 0000010001 0000'), Buffer.alloc(64, 0x11), hex('ffd9')]),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  docx: zip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
    ['word/document.xml', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'],
  ]),
  zip: zip([['notes/hello.txt', 'hello from a zip']]),
  mp3: Buffer.concat([Buffer.from('ID3'), hex('03000000000000'), hex('fffb9064'), Buffer.alloc(413, 0)]),
  txt: Buffer.from('Hello, this is a plain text file.\nZweite Zeile: grüße ✓\n'),
  csv: Buffer.from('name,email\nVera,vera@example.test\n'),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'),
  pcap: Buffer.concat([hex('d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000'), hex('00000000 00000000 04000000 04000000'), hex('deadbeef')]),
  /** A Windows PE header: `MZ`, e_lfanew at 0x3c pointing to `PE\0\0`. */
  pe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), hex('40000000'), Buffer.from('PE\0\0'), hex('4c01 0100'), Buffer.alloc(200)]),
  elf: Buffer.concat([hex('7f454c46 02 01 01 00'), Buffer.alloc(56)]),
};

/** Sends a multipart upload from a generator of chunks, streaming (nothing held whole on the client either). */
export interface StreamUpload {
  url: string;
  token: string;
  filename: string;
  /** Called for each chunk written; return false to stop early (the request is then aborted). */
  chunks: () => AsyncIterable<Buffer> | Iterable<Buffer>;
  abortAfterBytes?: number;
  onAbortPoint?: () => Promise<void>;
}

export async function streamUpload(opts: StreamUpload): Promise<{ status: number; body: any } | { aborted: true }> {
  const boundary = `----switchboard${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const u = new URL(opts.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { method: 'POST', hostname: u.hostname, port: u.port, path: u.pathname, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${opts.token}`, 'transfer-encoding': 'chunked' } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    let aborted = false;
    req.on('error', (err) => (aborted ? resolve({ aborted: true }) : reject(err)));
    const write = (b: Buffer) => new Promise<void>((ok) => (req.write(b) ? ok() : req.once('drain', () => ok())));
    (async () => {
      await write(head);
      let sent = 0;
      for await (const chunk of opts.chunks()) {
        if (req.destroyed) return;
        await write(chunk);
        sent += chunk.length;
        if (opts.abortAfterBytes !== undefined && sent >= opts.abortAfterBytes) {
          await opts.onAbortPoint?.();
          aborted = true;
          req.destroy();
          resolve({ aborted: true });
          return;
        }
      }
      req.end(tail);
    })().catch(reject);
  });
}

/** Every file below `dir`, relative paths (empty when the folder does not exist). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as { path?: string }).path ?? dir, e.name)));
}
