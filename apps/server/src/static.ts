import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built grid (apps/grid/dist) at `/`. Hashed assets are cached for a year; any other
 * path that is not a file gets index.html, so the grid's own routes survive a reload.
 * Returns false when there is no build, or for methods other than GET and HEAD, so the caller can
 * answer instead.
 */
export function serveStatic(root: string) {
  const index = join(root, 'index.html');
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!existsSync(index) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const path = decodedPath(req.url ?? '/');
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || !existsSync(file) || statSync(file).isDirectory()) file = index;
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    createReadStream(file).pipe(res);
    return true;
  };
}

/** The URL's path, decoded; a malformed escape (`/%ZZ`) names no file, so it gets index.html. */
function decodedPath(url: string): string {
  try {
    return decodeURIComponent(url.split('?')[0]!);
  } catch {
    return '/';
  }
}
