import { GraphQLError } from 'graphql';
import { processRegularResult, type GraphQLParams, type Plugin } from 'graphql-yoga';

/**
 * What the endpoint accepts, decided before anything is parsed or run:
 *
 * - POST bodies only as `application/json` or `application/graphql-response+json` (UTF-8). The
 *   media types a browser may send cross-site without asking first (form-encoded, multipart,
 *   text/plain) are refused with 415, so a page on another site cannot have a visitor's browser
 *   run anything here unasked, whatever CORS says. graphql-yoga would otherwise parse all three.
 * - GET parameters: `variables` or `extensions` that are not JSON are the client's mistake (400),
 *   not the server's (graphql-yoga lets JSON.parse's error through as a 500).
 * - The parameters' shapes: `query` a string, `variables` and `extensions` objects,
 *   `operationName` a string. A request of another shape is not a GraphQL-over-HTTP request at
 *   all, so it is 400 for every client; graphql-yoga answers a missing query with 200 to clients
 *   that accept application/json, as if it were an error in the document.
 * - Answers are always JSON: clients that accept neither JSON media type get application/json
 *   (the specification's other choice besides 406), so every answer says what happened. Nothing
 *   here streams (no subscriptions, no @defer), so event streams and multipart would only wrap
 *   one JSON result, refusals included, in a format such clients do not expect for them.
 */
export function useRequestPolicy(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'GET') setRequestParser(parseGet);
      else if (request.method === 'POST') {
        const problem = bodyMediaTypeProblem(request.headers.get('content-type'));
        if (problem) throw requestError(415, 'UNSUPPORTED_MEDIA_TYPE', problem);
        setRequestParser(parseJsonBody);
      }
    },
    onParams({ params }) {
      checkParams(params as unknown);
    },
    onResultProcess({ resultProcessor, setResultProcessor }) {
      if (resultProcessor !== processRegularResult) setResultProcessor(processRegularResult, 'application/json');
    },
  };
}

const BODY_TYPES = ['application/json', 'application/graphql-response+json'];

/** Why a POST body of this Content-Type is refused, or null when it is accepted. */
function bodyMediaTypeProblem(contentType: string | null): string | null {
  const expected = `Send the body as ${BODY_TYPES.join(' or ')} (UTF-8).`;
  if (!contentType) return `The request has no Content-Type. ${expected}`;
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (!BODY_TYPES.includes(type!)) return `Content-Type ${JSON.stringify(type)} is not accepted. ${expected}`;
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim());
    if (name !== 'charset') return `The Content-Type parameter ${JSON.stringify(name)} is not accepted. ${expected}`;
    if (value.replace(/^"(.*)"$/, '$1') !== 'utf-8') return `charset ${JSON.stringify(value)} is not accepted. ${expected}`;
  }
  return null;
}

function requestError(status: number, code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

function parseJsonFrom(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw requestError(400, 'BAD_REQUEST', `${where} is not valid JSON: ${(e as Error).message}`);
  }
}

async function parseJsonBody(request: Request): Promise<GraphQLParams> {
  // Errors while reading (the body size limit's 413, an aborted request) pass through as they are.
  const body = parseJsonFrom(await request.text(), 'The request body');
  if (!isPlainObject(body)) throw requestError(400, 'BAD_REQUEST', `The request body must be a JSON object; got ${typeName(body)}.`);
  return body as GraphQLParams;
}

function parseGet(request: Request): GraphQLParams {
  const search = new URL(request.url, 'http://localhost').searchParams;
  const json = (name: string) => {
    const text = search.get(name);
    return text ? parseJsonFrom(text, `The ${name} parameter`) : undefined;
  };
  return {
    query: search.get('query') || undefined,
    operationName: search.get('operationName') || undefined,
    variables: json('variables') as GraphQLParams['variables'],
    extensions: json('extensions') as GraphQLParams['extensions'],
  };
}

function checkParams(params: unknown) {
  if (!isPlainObject(params)) throw requestError(400, 'BAD_REQUEST', `The request must be an object of GraphQL parameters; got ${typeName(params)}.`);
  const wrong = (name: string, expected: string) => {
    throw requestError(400, 'BAD_REQUEST', `The "${name}" parameter must be ${expected}; got ${typeName(params[name])}.`);
  };
  if (params.query === undefined || params.query === null)
    throw requestError(400, 'BAD_REQUEST', 'The request has no "query" (the GraphQL document, a string).');
  if (typeof params.query !== 'string') wrong('query', 'a string');
  for (const name of ['variables', 'extensions']) if (params[name] != null && !isPlainObject(params[name])) wrong(name, 'an object');
  if (params.operationName != null && typeof params.operationName !== 'string') wrong('operationName', 'a string');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
