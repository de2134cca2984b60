import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { contentMatches, Inspector, looksExecutable, type Inspection } from './file-inspection.js';
import { ALLOWED_EXTENSIONS, extensionOf, FILE_TYPES, sanitizeFileName } from './file-types.js';

async function inspect(...chunks: Buffer[]): Promise<Inspection> {
  const inspector = new Inspector();
  await pipeline(Readable.from(chunks), inspector, new Writable({ write: (_c, _e, cb) => cb() }));
  return inspector.result();
}

describe('file rules', () => {
  it('allows exactly the extensions of SPEC.md, case-insensitively', () => {
    expect(ALLOWED_EXTENSIONS).toEqual('7z avi bmp cfg csv doc docx gif gz jpeg jpg json mkv mov mp3 mp4 pcap pdf pgp png psd rar svg tar tgz tif tiff txt wav webm wmv xls xlsx xml zip'.split(' '));
    expect(extensionOf('Report.PDF')).toBe('pdf');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('README')).toBe('');
  });

  it('sanitizes client file names for display', () => {
    expect(sanitizeFileName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(sanitizeFileName('C:\\Users\\x\\photo.png')).toBe('photo.png');
    expect(sanitizeFileName('a\u0000b\r\n"c".txt')).toBe('ab_c_.txt');
    expect(sanitizeFileName('...hidden.txt')).toBe('hidden.txt');
    expect(sanitizeFileName('evil\u202egnp.txt')).toBe('evilgnp.txt');
    const long = sanitizeFileName(`${'x'.repeat(300)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('tells text from binary across chunk boundaries', async () => {
    const euro = Buffer.from('€');
    expect((await inspect(euro.subarray(0, 1), euro.subarray(1))).isText).toBe(true);
    expect((await inspect(Buffer.from('ok'), euro.subarray(0, 2))).isText).toBe(false);
    expect((await inspect(Buffer.from('a\u0000b'))).isText).toBe(false);
  });

  it('recognises programs under any name', async () => {
    expect(looksExecutable(await inspect(Buffer.from('#!/usr/bin/env python\n')), undefined)).toBe(true);
    expect(looksExecutable(await inspect(Buffer.from('\ufeff#!/bin/sh\n')), undefined)).toBe(true);
    expect(looksExecutable(await inspect(Buffer.from('cffaedfe0c000001', 'hex')), undefined)).toBe(true);
    expect(looksExecutable(await inspect(Buffer.from('MZ is a text line')), undefined)).toBe(false);
    expect(looksExecutable(await inspect(Buffer.from('plain words')), undefined)).toBe(false);
  });

  it('accepts ASCII-armoured and binary OpenPGP as pgp', async () => {
    const rule = FILE_TYPES.pgp.rule;
    expect(contentMatches(rule, await inspect(Buffer.from('-----BEGIN PGP MESSAGE-----\n\nhQ\n')), undefined)).toBe(true);
    expect(contentMatches(rule, await inspect(Buffer.from([0x85, 0x01, 0x0c, 0x03, 0x00])), undefined)).toBe(true);
    expect(contentMatches(rule, await inspect(Buffer.from('just text')), undefined)).toBe(false);
  });
});
