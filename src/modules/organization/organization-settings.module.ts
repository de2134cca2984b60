import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organization } from './entities/organization.entity.js';
import { OrganizationSettingsService } from './organization-settings.service.js';

/**
 * The organization module's read service for everyone else (limits, timeouts, license).
 * Global because nearly every module reads settings, and the access rule must too.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Organization])],
  providers: [OrganizationSettingsService],
  exports: [OrganizationSettingsService],
})
export class OrganizationSettingsModule {}
