import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { NotYetOnPostgresError, type LogKeys, type Stores } from '@fvm/db';
import { schema, type GraphQLContext } from '@fvm/graphql';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import { useCompiledPlainReads } from './compiledReads';
import { corsFor } from './cors';
import { useNestingLimit } from './nestingLimit';
import { usePlannedRegistryReads } from './plannedReads';
import { useRequestPolicy } from './requestPolicy';
import { DEFAULT_LOG_READ_LIMITS, useLogReadAdmission, type LogReadLimits } from './logReadAdmission';
import { createResponseCache, useResponseCache } from './responseCache';
import { useSlicedLogAnswers } from './slicedAnswers';

export interface RegistryServerOptions {
  /** The registry's stores (openStores). */
  stores: Stores;
  /** Keys for patient pseudonyms and checkpoint signatures (loadLogKeys). */
  logKeys: LogKeys;
  /** Masks unexpected errors (stack traces, SQL) from clients. */
  production?: boolean;
  /** Let anyone sign in as a demo user (`signInAsDemoUser`): off unless the server's config allows it. */
  demoSignIn?: boolean;
  /** Serve repeated queries from memory until the next write (default on). */
  responseCache?: boolean;
  /** Run plain registry reads by plans made once per document (default on); off: the interpreter answers everything (tests compare the two). */
  plannedReads?: boolean;
  /** Origins whose pages may call the API from another site (default none: the grid is same-origin). */
  corsOrigins?: readonly string[];
  /** Serve GraphiQL at /graphql to browsers (default: on unless production). */
  graphiql?: boolean;
  /** Answer __schema and __type (default: as GraphiQL, which needs it). Integrators have schema.graphql. */
  introspection?: boolean;
  /** Bounds on reads of the user log: concurrency, queue, wait, rows per request (logReadLimitsFromEnv). */
  logReadLimits?: LogReadLimits;
  now?: () => Date;
}

/**
 * The GraphQL endpoint: bearer-token authentication, graphql-armor's limits, GraphiQL. It follows
 * the GraphQL-over-HTTP specification (GET for queries, POST for everything, its media types and
 * status codes), which graphql-yoga implements; useRequestPolicy narrows what it accepts.
 */
export function createRegistryYoga(options: RegistryServerOptions) {
  const now = options.now ?? (() => new Date());
  const graphiql = options.graphiql ?? !options.production;
  const responseCache = options.responseCache === false ? null : createResponseCache({ generation: () => options.stores.generation() });
  // Every request's context, on the ordinary path and on a planned read's short one alike.
  const contextFor = async (request: Request): Promise<GraphQLContext> => ({
    viewer: await authenticate(options.stores, request.headers.get('authorization'), now()),
    stores: options.stores,
    now,
    logKeys: options.logKeys,
    demoSignIn: options.demoSignIn === true,
  });
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: corsFor(options.corsOrigins ?? []),
    graphiql: graphiql && { title: 'fvm-registry GraphiQL', defaultQuery: DEFAULT_QUERY },
    maskedErrors: {
      // Something this version does not yet do on the engine configured is the caller's to know,
      // typed, in production too; everything else unexpected is masked there.
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof NotYetOnPostgresError) {
          return new GraphQLError(original.message, {
            ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
            extensions: { code: 'NOT_YET_ON_THIS_ENGINE' },
          });
        }
        return options.production ? maskError(error, message, isDev) : (error as Error);
      },
    },
    plugins: [
      useRequestPolicy(),
      ...((options.introspection ?? graphiql) ? [] : [useNoIntrospection()]),
      EnvelopArmorPlugin({
        // Deep enough for municipality → call-offs (connection) → option, and agreements → parties → organisation.
        maxDepth: { n: 12, onReject: [asBadRequest] },
        maxTokens: { n: 5000, onReject: [asBadRequest] },
        maxAliases: { n: 15, onReject: [asBadRequest] },
        maxDirectives: { n: 50, onReject: [asBadRequest] },
        // Cost is bounded by the schema's complexity limit instead, which reads page sizes from
        // variables too (armor's cost limit sees only literals).
        costLimit: { enabled: false },
      }),
      // After armor, so that it guards armor's parser too.
      useNestingLimit({ n: 100, tokens: 5000, onReject: [asBadRequest] }),
      ...(responseCache ? [useResponseCache(responseCache)] : []),
      ...(options.plannedReads === false ? [] : [usePlannedRegistryReads(contextFor, responseCache)]),
      useCompiledPlainReads(),
      // After the compiler: the admission gate holds a turn around the executor that really runs.
      useLogReadAdmission(options.logReadLimits ?? DEFAULT_LOG_READ_LIMITS),
      useSlicedLogAnswers(),
    ],
    context: ({ request }) => contextFor(request),
  });
}

/**
 * No header: anonymous (public reference data). A header that is not a valid, unrevoked,
 * unexpired token is refused with 401 rather than quietly treated as anonymous, so an integrator
 * with a bad token learns it at once instead of reading an empty registry.
 */
async function authenticate(stores: Stores, header: string | null, now: Date) {
  if (!header) return null;
  const match = header.match(/^Bearer\s+(\S+)$/i);
  const viewer = match ? await stores.tokens.viewerFor(match[1]!, now) : null;
  if (viewer) return viewer;
  throw new GraphQLError(match ? 'The API token is unknown, revoked or expired.' : 'Use the header "Authorization: Bearer <token>".', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } },
  });
}

/**
 * graphql-armor's rejections are request errors: 400 for every client. graphql-yoga answers
 * errors it marks as the specification's (`http.spec`) with 200 to clients that accept
 * application/json; its parse hook marks every parse error so (`spec ||= true`), and the token
 * limit rejects inside the parser, so that mark is held at false here rather than merely set.
 */
function asBadRequest(_ctx: unknown, error: GraphQLError) {
  const http = { status: 400 };
  Object.defineProperty(http, 'spec', { get: () => false, set: () => {}, enumerable: true });
  Object.assign(error.extensions as Record<string, unknown>, { code: 'BAD_REQUEST', http });
}

/** Refuses __schema and __type (not __typename) while validating, before anything runs. */
function useNoIntrospection(): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) };
}

const DEFAULT_QUERY = `# fvm-registry: the shared registry behind Västra Götaland's health-records environment.
# Without a token you can read municipalities, associations and options. Add a header
#   { "Authorization": "Bearer <token>" }
# with a token from \`npm start\` (demo) or \`npm run fvm -- token create\` to see and change the rest.
{
  municipalities(first: 100) {
    totalCount
    edges { node { code name association { name } } }
  }
}
`;
