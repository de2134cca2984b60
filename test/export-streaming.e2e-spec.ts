import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse';
import http from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { EXPORT_PAGE_SIZE } from '../src/modules/export/export.service.js';
import { api, useApp } from './support/app.js';
import { seedCompletedChats } from './support/bulk.js';
import { newInbox, newOrganization, newUser } from './support/factories.js';

const CHATS = 20_000;
/** Retained heap the server may gain while streaming 20,000 rows: it holds one page of 1,000 (about 2 MB measured); reading them all at once retains about 29 MB. */
const MAX_HEAP_GROWTH = 12 * 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('export streaming: a large export streams in pages with flat memory', () => {
  const t = useApp();
  let token: string;

  beforeAll(async () => {
    const org = await newOrganization(t, { contactCenterLicense: true });
    const agent = await newUser(t, org, 'member', { name: 'Bulk Agent' });
    const inbox = await newInbox(t, org, [agent]);
    await seedCompletedChats(t.app.get(DataSource), { organizationId: org.organizationId, inboxId: inbox.id, agentId: agent.user.id, count: CHATS });
    token = org.owner.token;
  }, 120_000);

  it(`exports ${CHATS} chats: first bytes before the second page is read, server heap growth bounded, every row once in order`, async () => {
    // count the export's page queries as the database driver runs them
    const ds = t.app.get(DataSource);
    const logQuery = ds.logger.logQuery.bind(ds.logger);
    let pageQueries = 0;
    ds.logger.logQuery = (query, parameters, runner) => {
      if (/FROM [`"]transactions[`"]/.test(query) && /ORDER BY [`"]t[`"]\.[`"]id[`"] DESC LIMIT/.test(query)) pageQueries++;
      return logQuery(query, parameters, runner);
    };

    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let pagesAtFirstByte = -1;
    let rows = 0;
    let previousId = '\uffff';
    let ordered = true;
    let header: string[] = [];
    const started = Date.now();
    let firstByteMs = 0;

    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${t.url}${api('/exports/transactions.csv')}`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        expect(res.headers['x-export-row-count']).toBe(String(CHATS));
        res.once('data', () => {
          pagesAtFirstByte = pageQueries;
          firstByteMs = Date.now() - started;
        });
        const parser = parse({ bom: true });
        parser.on('data', (record: string[]) => {
          if (!header.length) {
            header = record;
            return;
          }
          // only counters: the client keeps nothing, so the heap measures the server
          if (!(record[0] < previousId)) ordered = false;
          previousId = record[0];
          rows++;
          if (rows % 1000 === 0) {
            gc();
            peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
          }
        });
        parser.on('end', resolve);
        parser.on('error', reject);
        res.pipe(parser);
      });
      req.on('error', reject);
    });
    const totalMs = Date.now() - started;
    ds.logger.logQuery = logQuery;

    const pages = Math.floor(CHATS / EXPORT_PAGE_SIZE) + 1; // the last, empty page ends it
    console.log(`export of ${rows} rows: first byte after ${firstByteMs} ms and ${pagesAtFirstByte} page queries, done in ${totalMs} ms (${pageQueries} page queries), peak retained heap growth ${(peak / 1048576).toFixed(1)} MB`);
    expect(header[0]).toBe('id');
    expect(rows).toBe(CHATS);
    expect(ordered).toBe(true);
    expect(pageQueries).toBe(pages);
    // the first bytes left while most of the pages were still unread
    expect(pagesAtFirstByte).toBeGreaterThanOrEqual(1);
    expect(pagesAtFirstByte).toBeLessThanOrEqual(3);
    expect(peak).toBeLessThan(MAX_HEAP_GROWTH);
  }, 120_000);
});
