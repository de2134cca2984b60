import type { ErrorBody } from './types.js';

/** A refusal of the server, with its sentence (`message`) ready to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiOptions {
  /** Origin of the server ('' for the page's own). */
  baseUrl?: string;
  /** The bearer token to send (agent access token or visitor token). */
  token?: () => string | null | undefined;
  /** Called on a 401, e.g. to sign out. */
  onUnauthorized?: (error: ApiError) => void;
}

const networkError = () => new ApiError(0, 'network_error', 'The server cannot be reached. Check your connection; we will keep trying.');

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    // not JSON: fall back to the status line
  }
  const message = typeof body.message === 'string' && body.message ? body.message : `The server answered ${res.status} ${res.statusText}.`;
  return new ApiError(res.status, body.code ?? 'http_error', message);
}

export type Api = ReturnType<typeof createApi>;

/** The REST client of the pages: `/api/v1` paths, JSON in and out, refusals as `ApiError`. */
export function createApi(options: ApiOptions = {}) {
  const base = `${options.baseUrl ?? ''}/api/v1`;

  function headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = options.token?.();
    return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
  }

  async function send(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(base + path, init);
    } catch {
      throw networkError();
    }
    if (!res.ok) {
      const error = await toApiError(res);
      if (res.status === 401) options.onUnauthorized?.(error);
      throw error;
    }
    return res;
  }

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await send(path, init);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  return {
    base,
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
    delete: <T>(path: string) => request<T>('DELETE', path),
    /** Multipart upload of one file in the field `file` (and text fields, e.g. `clientMessageId`). */
    async upload<T>(path: string, file: Blob, name?: string, fields: Record<string, string> = {}): Promise<T> {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', file, name ?? (file instanceof File ? file.name : 'file'));
      const res = await send(path, { method: 'POST', headers: headers(), body: form });
      return (await res.json()) as T;
    },
    /** A download that needs the bearer token (files, CSV export): fetched, then handed to the browser. */
    async download(path: string): Promise<Blob> {
      const res = await send(path, { method: 'GET', headers: headers() });
      return res.blob();
    },
  };
}

/** Builds a query string from defined values only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
