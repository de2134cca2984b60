import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UnauthorizedError } from '../errors/domain-error.js';
import type { VisitorPrincipal } from './principal.js';

export interface UserClaims { typ: 'user'; sub: string; org: string }
export interface VisitorClaims { typ: 'visitor'; sub: string; txn: string; org: string }
export type TokenClaims = UserClaims | VisitorClaims;

/** Signs and verifies the bearer tokens of agents and visitors (one secret, a `typ` claim tells them apart). */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  signUser(userId: string, organizationId: string): Promise<string> {
    return this.jwt.signAsync({ typ: 'user', sub: userId, org: organizationId } satisfies UserClaims);
  }

  /** Visitor tokens live as long as a chat may (the waiting timeout is at most days). */
  signVisitor(customerId: string, transactionId: string, organizationId: string): Promise<string> {
    return this.jwt.signAsync({ typ: 'visitor', sub: customerId, txn: transactionId, org: organizationId } satisfies VisitorClaims, { expiresIn: '7d' });
  }

  async verify(token: string | undefined | null): Promise<TokenClaims> {
    if (!token) throw new UnauthorizedError();
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      if (claims.typ !== 'user' && claims.typ !== 'visitor') throw new Error('unknown token type');
      return claims;
    } catch {
      throw new UnauthorizedError('Invalid or expired token', 'invalid_token');
    }
  }
}

export const bearerToken = (header: string | undefined): string | undefined => {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
};

/** The visitor a verified visitor token stands for. */
export const visitorPrincipal = (claims: VisitorClaims): VisitorPrincipal => ({
  kind: 'visitor', transactionId: claims.txn, customerId: claims.sub, organizationId: claims.org,
});
