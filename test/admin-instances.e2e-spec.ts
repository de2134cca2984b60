import { jest, describe, expect, it } from '@jest/globals';
import { adminLogin, adminResourceAction } from './support/admin.js';
import { startApp } from './support/app.js';
import { newOrganization } from './support/factories.js';

// the panel's first page bundles its components (see test/support/admin.ts)
jest.setTimeout(180_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('admin panel behind a load balancer', () => {
  it('keeps an admin session across instances (sessions live in Redis)', async () => {
    const env = { ADMIN_ENABLED: 'true', REDIS_URL };
    const one = await startApp({ env });
    // a second instance on the same database; closed first, as it owns nothing
    const two = await startApp({ env, database: one.database });
    try {
      const org = await newOrganization(one);
      const { cookie } = await adminLogin(one, org.owner.user.email, 'password123');
      expect(cookie).toMatch(/^switchboard_admin=/);

      const list = await adminResourceAction(two, cookie!, 'Organization', 'list').expect(200);
      expect(list.body.records.map((r: { id: string }) => r.id)).toEqual([org.organizationId]);

      // logging out on one instance ends the session everywhere
      await two.http().get('/admin/logout').set('Cookie', cookie!).expect(302);
      const after = await adminResourceAction(one, cookie!, 'Organization', 'list').expect(302);
      expect(after.headers.location).toBe('/admin/login');
    } finally {
      await two.close();
      await one.close();
    }
  });
});
