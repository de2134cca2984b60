import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { AuthGuard } from './auth.guard.js';
import { TokenService } from './token.service.js';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // a KeyObject: given a string, jsonwebtoken first tries to parse it as a PEM public key (and
        // throws) on every verify; that cost 0.5 ms of CPU per request and socket connection
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as string,
        signOptions: { expiresIn: config.jwtExpiresIn as never, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [TokenService, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
  exports: [TokenService, AuthGuard],
})
export class AuthCommonModule {}
