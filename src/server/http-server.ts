/**
 * The Node HTTP server under fastify (its `serverFactory`): the timeouts that keep a slow or
 * silent client from holding a connection (and a body buffer) for long, raw UTF-8 in request URLs
 * (raw-url.ts), and `Expect: 100-continue` left to the routes: the upload route says "continue"
 * only once the token has been checked, so an unauthenticated client is refused before it sends
 * its body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Limits } from './api/schemas.js';
import { acceptRawUtf8Urls } from './raw-url.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function httpServerFactory(limits: Limits): (handler: Handler) => Server {
  return (handler) => {
    const server = createServer(
      {
        requestTimeout: limits.requestTimeoutMs,
        headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        maxHeaderSize: limits.maxHeaderBytes,
        // Node checks the two timeouts above on this interval (default 30 s, which would let a
        // request outlive its timeout by that much).
        connectionsCheckingInterval: Math.min(1000, limits.requestTimeoutMs),
      },
      handler,
    );
    server.setTimeout(limits.idleTimeoutMs);
    server.on('checkContinue', handler);
    acceptRawUtf8Urls(server);
    return server;
  };
}

/** Tell a client waiting on `Expect: 100-continue` to send its body. */
export function sendContinue(req: IncomingMessage, res: ServerResponse): void {
  if (/100-continue/i.test(String(req.headers.expect ?? '')) && typeof res.writeContinue === 'function') res.writeContinue();
}
