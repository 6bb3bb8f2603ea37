import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { packageRoot } from '../../paths.js';

// The demo page (web/demo/ in the package): three static files read once at start, served with a strict Content
// Security Policy (only this server's own scripts, styles and API; images from data: and blob: URLs the page makes
// itself). It needs no API key to load; its API calls carry the key the user enters (see api-keys.ts).

const DEMO_FILES = [
  { url: '/demo', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: '/demo/demo.js', file: 'demo.js', type: 'text/javascript; charset=utf-8' },
  { url: '/demo/demo.css', file: 'demo.css', type: 'text/css; charset=utf-8' },
] as const;

export const DEMO_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function demoDir(): string {
  return join(packageRoot(), 'web', 'demo');
}

export function registerDemo(app: FastifyInstance, dir = demoDir()): void {
  const withHeaders = (reply: FastifyReply, type: string): FastifyReply =>
    reply
      .type(type)
      .header('content-security-policy', DEMO_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache');
  for (const { url, file, type } of DEMO_FILES) {
    let body: Buffer;
    try {
      body = readFileSync(join(dir, file));
    } catch {
      throw new Error(`The demo page file ${join(dir, file)} is missing; the package must ship web/demo/ (see docs/demo.md).`);
    }
    app.get(url, { schema: { hide: true } }, async (_request, reply) => withHeaders(reply, type).send(body));
  }
  // Relative URLs in the page resolve against /demo, not /demo/.
  app.get('/demo/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('../demo', 301));
}
