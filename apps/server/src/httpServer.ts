import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * The registry over HTTP: /graphql is the API; everything else is the grid's build, or without a
 * build a pointer to the API. What does not reach GraphQL is answered in the API's error shape
 * too, so a client always gets JSON that says what happened: other methods on other paths, and
 * requests Node's HTTP parser refuses before any handler runs (headers too large, malformed).
 */
export function createRegistryHttpServer(api: Handler, grid: ((req: IncomingMessage, res: ServerResponse) => boolean) | null): Server {
  const server = createServer((req, res) => {
    const path = pathOf(req.url);
    if (path === '/graphql' || path === '/graphql/') return void api(req, res);
    if (grid?.(req, res)) return;
    if (req.method === 'GET' || req.method === 'HEAD') return void res.writeHead(302, { location: '/graphql' }).end();
    sendJsonError(res, 404, 'NOT_FOUND', 'Nothing here: the API is POST /graphql.');
  });
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    // Node's own handling, with a JSON body: nothing to say on a socket that is gone or that
    // already carries a response (the private _httpMessage is how Node itself tells).
    const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) return void socket.destroy();
    const [status, reason, code] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', 'BAD_REQUEST'];
    // The answer to HEAD has no body, or the client would read the body as the next response.
    const body = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ' ? '' : errorBody(code, `${reason}: the request could not be read as HTTP.`);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'REQUEST_HEADER_FIELDS_TOO_LARGE'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Content Too Large', 'REQUEST_ENTITY_TOO_LARGE'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'REQUEST_TIMEOUT'],
};

function pathOf(url: string | undefined): string {
  // The API's own path, as clients send it, needs no URL parser (one per request otherwise).
  if (url === '/graphql') return url;
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

function sendJsonError(res: ServerResponse, status: number, code: string, message: string) {
  const body = errorBody(code, message);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}
