import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TokenService } from '../../common/auth/token.service.js';
import { Clock } from '../../common/clock/clock.js';
import { AppConfig } from '../../common/config/app-config.js';
import { Db } from '../../common/database/db.service.js';
import { isUniqueViolation } from '../../common/database/errors.js';
import { ForbiddenError, UnauthorizedError } from '../../common/errors/domain-error.js';
import { InboxService } from '../inbox/inbox.service.js';
import { OrganizationService } from '../organization/organization.service.js';
import { toUserView, UserService } from '../user/user.service.js';
import type { UserView } from '../user/dto/user.dto.js';
import { SignupDto, LoginDto } from './dto/auth.dto.js';

export interface Session {
  accessToken: string;
  user: UserView;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly users: UserService,
    private readonly organizations: OrganizationService,
    private readonly inboxes: InboxService,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async signup(dto: SignupDto): Promise<Session> {
    if (!this.config.signupEnabled) throw new ForbiddenError('Signup is switched off on this server', 'signup_disabled');
    const user = await this.createOrganizationWithOwner(dto.organizationName, { name: dto.name, email: dto.email, password: dto.password });
    return this.session(user);
  }

  async login(dto: LoginDto): Promise<Session> {
    const user = await this.users.verifyCredentials(dto.email, dto.password);
    if (!user) throw new UnauthorizedError('Wrong email or password', 'invalid_credentials');
    return this.session(user);
  }

  private async session(user: { id: string; organizationId: string }): Promise<Session> {
    const full = await this.users.find(user.organizationId, user.id);
    return { accessToken: await this.tokens.signUser(user.id, user.organizationId), user: toUserView(full) };
  }

  /** One transaction: the organization exists only if its owner could be created (email free). */
  private createOrganizationWithOwner(organizationName: string, owner: { name: string; email: string; password: string }) {
    return this.db.transaction(async (em) => {
      const now = this.clock.now();
      const org = await this.organizations.create(em, organizationName, now);
      return this.users.insert(org.id, { ...owner, role: 'owner' }, em);
    });
  }

  /** The demo gets a "Website" inbox worked by the owner, so a newcomer can start a chat at once. */
  private async createDemoInbox(owner: { id: string; organizationId: string }) {
    const inbox = await this.inboxes.createStaffed(owner.organizationId, 'Website', owner.id);
    this.logger.log(`Demo inbox "Website": visitors start chats with POST /api/v1/visitor/inboxes/${inbox.id}/chats`);
  }

  /** On an empty database, create the bootstrap organization and owner (demo defaults on embedded SQLite). */
  async onApplicationBootstrap() {
    const owner = this.config.bootstrapOwner;
    if (!owner) return;
    if (await this.organizations.anyExists()) return;
    try {
      const user = await this.createOrganizationWithOwner(owner.organizationName, { name: 'Owner', email: owner.email, password: owner.password });
      const how = owner.isDemo ? 'demo owner' : 'bootstrap owner';
      this.logger.log(`Created organization "${owner.organizationName}" with ${how} ${owner.email}${owner.isDemo ? ` / password ${owner.password}` : ''}`);
      if (owner.isDemo) await this.createDemoInbox(user);
    } catch (err) {
      // another instance bootstrapped at the same moment
      if (!isUniqueViolation(err)) throw err;
    }
  }
}
