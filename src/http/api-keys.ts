import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DocliveError } from '../errors.js';

// Optional API keys: when configured, every request needs X-API-Key with one of them, except the health probes
// and /metrics (orchestrators and Prometheus call them without secrets; they carry no request data; the reverse
// proxy of deploy/ keeps /metrics internal) and the API documentation (Swagger UI is opened in a browser, which
// cannot add the header to a page load; its "Authorize" button then sends the key with each call), and the demo
// page's static files for the same reason (the page sends the key the user enters with each API call).

const OPEN_PATHS = [/^\/health\/(live|ready)$/, /^\/metrics$/, /^\/v3\/api-docs$/, /^\/swagger-ui(\/.*)?$/, /^\/demo(\/(demo\.(js|css))?)?$/];

export function installApiKeys(app: FastifyInstance, keys: readonly string[]): void {
  if (keys.length === 0) return;
  const digests = keys.map(digest);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (OPEN_PATHS.some((open) => open.test(path))) return;
    const sent = request.headers['x-api-key'];
    if (typeof sent !== 'string' || sent === '') {
      throw new DocliveError('UNAUTHORIZED', 'This server requires an API key: send it in the X-API-Key header.');
    }
    const sentDigest = digest(sent);
    // Compare every key in constant time so timing does not reveal which prefix matched.
    let match = false;
    for (const key of digests) match = timingSafeEqual(key, sentDigest) || match;
    if (!match) throw new DocliveError('UNAUTHORIZED', 'The X-API-Key header does not hold a valid API key.');
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
