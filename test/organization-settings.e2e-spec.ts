import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Organization } from '../src/modules/organization/entities/organization.entity.js';
import { OrganizationSettingsService } from '../src/modules/organization/organization-settings.service.js';
import { api, startApp, useApp, type TestApp } from './support/app.js';
import { auth, newOrganization } from './support/factories.js';

/** Writes a setting straight into the table, behind every service's back. */
const writeBehind = (t: TestApp, organizationId: string, maxActiveChatsPerAgent: number) =>
  t.app.get(DataSource).getRepository(Organization).update({ id: organizationId }, { maxActiveChatsPerAgent });

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('organization settings: one cached read service, invalidated on change', () => {
  describe('one instance (no Redis)', () => {
    const t = useApp();

    it('serves the cached value until the organization module reports a change, then the new one', async () => {
      const org = await newOrganization(t);
      const settings = t.app.get(OrganizationSettingsService);
      expect((await settings.get(org.organizationId)).maxActiveChatsPerAgent).toBe(3);
      await writeBehind(t, org.organizationId, 9);
      expect((await settings.get(org.organizationId)).maxActiveChatsPerAgent).toBe(3); // cached
      await t.http().patch(api('/organization')).set(auth(org.owner)).send({ maxActiveChatsPerAgent: 5 }).expect(200);
      expect((await settings.get(org.organizationId)).maxActiveChatsPerAgent).toBe(5);
    });

    it('answers 404 organization_not_found for an unknown organization', async () => {
      await expect(t.app.get(OrganizationSettingsService).get('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'organization_not_found' });
    });
  });

  describe('two instances sharing Redis', () => {
    const redis = { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const a = useApp({ env: redis });
    let b: TestApp;
    beforeAll(async () => {
      b = await startApp({ env: redis, database: a.database, clock: a.clock });
    });
    afterAll(async () => {
      await b?.close();
    });

    it('a change made on one instance is seen by the other, whose cache held the old value', async () => {
      const org = await newOrganization(a);
      const onA = a.app.get(OrganizationSettingsService);
      expect((await onA.get(org.organizationId)).offerTimeoutSeconds).toBe(60);
      await writeBehind(a, org.organizationId, 8);
      expect((await onA.get(org.organizationId)).maxActiveChatsPerAgent).toBe(3); // A trusts its cache
      await b.http().patch(api('/organization')).set(auth(org.owner)).send({ offerTimeoutSeconds: 45 }).expect(200);
      const seen = await eventually(() => onA.get(org.organizationId), (s) => s.offerTimeoutSeconds === 45);
      expect(seen.offerTimeoutSeconds).toBe(45);
      expect(seen.maxActiveChatsPerAgent).toBe(8); // read again from the table
    });
  });
});
