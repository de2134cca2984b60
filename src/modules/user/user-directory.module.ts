import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserPrincipalLoader } from '../../common/auth/user-principal-loader.js';
import { User } from './entities/user.entity.js';
import { UserDirectoryService } from './user-directory.service.js';

/**
 * The user module's read service for everyone else. Global only so that the global
 * AuthGuard (common/auth) finds the `UserPrincipalLoader` it asks about tokens, and so
 * that the access rule (inbox module) can list an organization's admins.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UserDirectoryService, { provide: UserPrincipalLoader, useExisting: UserDirectoryService }],
  exports: [UserDirectoryService, UserPrincipalLoader],
})
export class UserDirectoryModule {}
