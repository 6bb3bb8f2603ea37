import type { FastifyReply } from 'fastify';
import { DocliveError } from '../errors.js';

/**
 * A signal that aborts when the client closes the connection before its answer was sent, so that a check still
 * waiting for a worker is dropped instead of analysed for nobody.
 */
export function clientGoneSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (reply.raw.writableFinished) return;
    controller.abort(new DocliveError('CLIENT_CLOSED_REQUEST', 'The client closed the connection before the answer was ready; the check was dropped.'));
  });
  return controller.signal;
}
