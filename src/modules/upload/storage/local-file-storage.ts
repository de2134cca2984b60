import { Injectable } from '@nestjs/common';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../common/config/app-config.js';
import { assertSafeKey, FileStorage, Meter, type StoredBlob } from './file-storage.js';

/**
 * Files in a local folder (`UPLOAD_DIR`, default `<DATA_DIR>/uploads`). A write
 * goes to a `.part` file first and is renamed into place when complete, so a
 * reader never sees half a file and a failed write leaves nothing.
 */
@Injectable()
export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(config: AppConfig) {
    super();
    this.root = config.uploadDir;
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async write(key: string, source: Readable): Promise<StoredBlob> {
    const target = this.pathOf(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const part = `${target}.${randomUUID()}.part`;
    const meter = new Meter();
    try {
      await pipeline(source, meter, fs.createWriteStream(part, { flags: 'wx', mode: 0o600 }));
      await fsp.rename(part, target);
    } catch (err) {
      await fsp.rm(part, { force: true });
      throw err;
    }
    return { size: meter.size, sha256: meter.digest() };
  }

  async open(key: string): Promise<Readable> {
    const handle = await fsp.open(this.pathOf(key), 'r');
    return handle.createReadStream();
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.pathOf(to);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(this.pathOf(from), target);
  }

  async remove(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }
}
