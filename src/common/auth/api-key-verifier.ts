import type { ApiKeyPrincipal } from './principal.js';

/** Implemented by the integrations module; the guard asks it about `X-Api-Key` headers. */
export abstract class ApiKeyVerifier {
  abstract verify(key: string): Promise<ApiKeyPrincipal | null>;
}
