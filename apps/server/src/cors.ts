import type { YogaServerOptions } from 'graphql-yoga';

type CorsOption = NonNullable<YogaServerOptions<Record<string, unknown>, Record<string, unknown>>['cors']>;

/**
 * Cross-origin access for exactly the configured origins; every other origin gets no CORS headers
 * at all, so its pages cannot read the answers (the grid is served from the same origin and needs
 * none). graphql-yoga's default echoes any Origin with credentials allowed, and its list form
 * still answers an unlisted origin (with the first listed, or with "null", which sandboxed pages
 * send). Credentials are never allowed: tokens travel in the Authorization header, which a
 * listed origin's script sets itself, and there are no cookies to send.
 */
export function corsFor(origins: readonly string[]): CorsOption {
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept'],
      exposedHeaders: ['WWW-Authenticate'],
      credentials: false,
      maxAge: 600,
    };
  };
}

/**
 * FVM_CORS_ORIGINS: comma-separated origins (scheme, host and port, as browsers send them).
 * Anything else (a path, "*", "null") would never match or match too much, so it stops the start.
 */
export function parseCorsOrigins(value: string | undefined): string[] {
  const origins: string[] = [];
  for (const raw of (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    let origin: string | null = null;
    try {
      origin = new URL(raw).origin;
    } catch {
      // reported below
    }
    if (origin === null || origin === 'null' || origin !== raw.replace(/\/$/, '').toLowerCase()) {
      throw new Error(`FVM_CORS_ORIGINS: "${raw}" is not an origin; give each as scheme://host[:port], e.g. https://grid.example.se.`);
    }
    origins.push(origin);
  }
  return origins;
}
