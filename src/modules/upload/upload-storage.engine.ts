import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import type { Readable } from 'node:stream';
import { newId } from '../../common/ids/ids.js';
import { ALLOWED_EXTENSIONS, fileTypeOf, sanitizeFileName } from './file-types.js';
import { Inspector, type Inspection } from './file-inspection.js';
import { FileStorage } from './storage/file-storage.js';
import { UploadError } from './upload.errors.js';

/** What the engine adds to multer's `req.file`. */
export interface ReceivedFile {
  originalname: string;
  /** Sanitized display name. */
  name: string;
  /** Temporary key in the FileStorage; the service moves it into place or removes it. */
  storageKey: string;
  size: number;
  sha256: string;
  inspection: Inspection;
  /** busboy stopped the stream at the size limit. */
  truncated: boolean;
}

export const unsupportedType = () =>
  new UploadError('unsupported_file_type', `This file type is not allowed. Allowed extensions: ${ALLOWED_EXTENSIONS.join(', ')}`);

/**
 * A multer storage engine that streams the upload straight into the
 * FileStorage under a temporary key, measuring, hashing and inspecting it on
 * the way: nothing is buffered whole in memory. The extension is checked
 * before a single byte is stored.
 */
export class UploadStorageEngine implements StorageEngine {
  constructor(private readonly storage: FileStorage) {}

  _handleFile(_req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<ReceivedFile>) => void): void {
    const name = sanitizeFileName(file.originalname);
    if (!fileTypeOf(name)) {
      file.stream.resume();
      cb(unsupportedType());
      return;
    }
    const key = `incoming/${newId()}`;
    const stream = file.stream as Readable & { truncated?: boolean };
    const inspector = new Inspector();
    stream.on('error', (err) => inspector.destroy(err));
    this.storage
      .write(key, stream.pipe(inspector))
      .then(async (blob) => {
        // busboy ends a file stream early at the size limit; multer reports the 413 itself
        if (stream.truncated) {
          await this.storage.remove(key);
          cb(new UploadError('file_too_large', 'The file is too large'));
          return;
        }
        cb(null, { name, storageKey: key, size: blob.size, sha256: blob.sha256, inspection: inspector.result(), truncated: false });
      })
      .catch((err) => cb(err));
  }

  _removeFile(_req: Request, file: Express.Multer.File & Partial<ReceivedFile>, cb: (error: Error | null) => void): void {
    if (!file.storageKey) return cb(null);
    this.storage.remove(file.storageKey).then(() => cb(null), cb);
  }
}
