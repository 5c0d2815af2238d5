// Helpers shared by figures 5 and 6: a bare node:http endpoint serving hand-written answers (the
// baseline's transport: same loopback, same client as the registry), and timing of batches of
// sequential requests.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { check } from './lib';

export async function fetchText(url: string, body: string, bearer?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** A bare endpoint: POST /<name> answers `routes[name]()`, a JSON string computed per request. */
export async function bareEndpoint(
  routes: Record<string, () => string | Promise<string>>,
): Promise<{ url: (name: string) => string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const route = routes[(req.url ?? '/').slice(1)];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const json = await route();
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url: (name) => base + name, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Mean ms of `n` sequential requests; every answer must have the expected length. */
export async function timeRequests(n: number, url: string, body: string, expectedLength: number, bearer?: string, label = 'request'): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await fetchText(url, body, bearer);
    check(
      r.status === 200 && r.text.length === expectedLength,
      `${label}: bad answer during timing (HTTP ${r.status}, ${r.text.length} chars, expected ${expectedLength}): ${r.text.slice(0, 300)}`,
    );
  }
  return (performance.now() - t0) / n;
}

export function timeInProcess(n: number, read: () => string, expectedLength: number, label = 'in-process'): number {
  const t0 = performance.now();
  let size = 0;
  for (let i = 0; i < n; i++) size += read().length;
  check(size === expectedLength * n, `${label}: bad answer`);
  return (performance.now() - t0) / n;
}

/** Compares two JSON texts after normalising the first; throws with the first difference. */
export function assertSameJson(label: string, productText: string, expected: string) {
  const product = JSON.stringify(JSON.parse(productText));
  if (product === expected) return;
  let at = 0;
  while (at < product.length && product[at] === expected[at]) at++;
  throw new Error(
    `${label}: the hand-written SQL does not return the registry's data; first difference at ${at}:\n registry: …${product.slice(Math.max(0, at - 120), at + 120)}\n SQL:      …${expected.slice(Math.max(0, at - 120), at + 120)}`,
  );
}
