import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors/domain-error.js';
import { ApiKeyVerifier } from './api-key-verifier.js';
import { AUDIENCE_KEY, type Audience } from './decorators.js';
import type { Principal } from './principal.js';
import { bearerToken, TokenService, visitorPrincipal } from './token.service.js';
import { UserPrincipalLoader } from './user-principal-loader.js';

/**
 * Secure by default: every route needs an agent token unless it says otherwise
 * (`@Public()`, `@VisitorOnly()`, `@UserOrApiKey()`, `@UserOrVisitor()`).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UserPrincipalLoader,
    @Optional() private readonly apiKeys?: ApiKeyVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const audience = this.reflector.getAllAndOverride<Audience>(AUDIENCE_KEY, [ctx.getHandler(), ctx.getClass()]) ?? 'user';
    if (audience === 'public') return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();

    const apiKey = req.header('x-api-key');
    if (apiKey !== undefined && audience === 'user-or-api-key') {
      const principal = this.apiKeys ? await this.apiKeys.verify(apiKey) : null;
      if (!principal) throw new UnauthorizedError('Invalid or revoked API key', 'invalid_api_key');
      req.principal = principal;
      return true;
    }

    const claims = await this.tokens.verify(bearerToken(req.header('authorization')));
    if (audience === 'visitor' || (audience === 'user-or-visitor' && claims.typ === 'visitor')) {
      if (claims.typ !== 'visitor') throw new ForbiddenError('This path is for visitors', 'visitor_only');
      req.principal = visitorPrincipal(claims);
      return true;
    }
    if (claims.typ !== 'user') throw new ForbiddenError('This path is for agents', 'agent_only');
    req.principal = await this.userPrincipal(claims.sub);
    return true;
  }

  async userPrincipal(userId: string): Promise<Principal> {
    const principal = await this.users.principalOf(userId);
    if (!principal) throw new UnauthorizedError('This account no longer exists', 'invalid_token');
    return principal;
  }
}
