import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from './principal.js';

export type Audience = 'public' | 'user' | 'visitor' | 'user-or-api-key' | 'user-or-visitor';
export const AUDIENCE_KEY = 'switchboard:audience';

/** No authentication (signup, login, visitor chat start, health). */
export const Public = () => SetMetadata(AUDIENCE_KEY, 'public' satisfies Audience);
/** A visitor token is required (visitor API). */
export const VisitorOnly = () => SetMetadata(AUDIENCE_KEY, 'visitor' satisfies Audience);
/** An agent token or an organization API key (integration endpoints). */
export const UserOrApiKey = () => SetMetadata(AUDIENCE_KEY, 'user-or-api-key' satisfies Audience);
/** An agent token or a visitor token (paths both sides use, e.g. file downloads). */
export const UserOrVisitor = () => SetMetadata(AUDIENCE_KEY, 'user-or-visitor' satisfies Audience);

/** The authenticated caller, as resolved by the global AuthGuard. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal);
