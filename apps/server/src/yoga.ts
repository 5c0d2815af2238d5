import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { viewerForToken, writeGeneration, type Db, type LogKeys, type Sqlite } from '@fvm/db';
import { schema, type GraphQLContext } from '@fvm/graphql';
import { GraphQLError } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { useCompiledPlainReads } from './compiledReads';
import { DEFAULT_LOG_READ_LIMITS, useLogReadAdmission, type LogReadLimits } from './logReadAdmission';
import { useResponseCache } from './responseCache';
import { useSlicedLogAnswers } from './slicedAnswers';

export interface RegistryServerOptions {
  db: Db;
  sqlite: Sqlite;
  /** Keys for patient pseudonyms and checkpoint signatures (loadLogKeys). */
  logKeys: LogKeys;
  /** Masks unexpected errors (stack traces, SQL) from clients. */
  production?: boolean;
  /** Serve repeated queries from memory until the next write (default on). */
  responseCache?: boolean;
  /** Bounds on reads of the user log: concurrency, queue, wait, rows per request (logReadLimitsFromEnv). */
  logReadLimits?: LogReadLimits;
  now?: () => Date;
}

/**
 * The GraphQL endpoint: bearer-token authentication, graphql-armor's limits, GraphiQL. It follows
 * the GraphQL-over-HTTP specification (GET for queries, POST for everything, its media types and
 * status codes), which graphql-yoga implements.
 */
export function createRegistryYoga(options: RegistryServerOptions) {
  const now = options.now ?? (() => new Date());
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'fvm-registry GraphiQL', defaultQuery: DEFAULT_QUERY },
    maskedErrors: options.production ?? false,
    plugins: [
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
      ...(options.responseCache === false ? [] : [useResponseCache({ generation: () => writeGeneration(options.sqlite) })]),
      useCompiledPlainReads(),
      // After the compiler: the admission gate holds a turn around the executor that really runs.
      useLogReadAdmission(options.logReadLimits ?? DEFAULT_LOG_READ_LIMITS),
      useSlicedLogAnswers(),
    ],
    context: ({ request }): GraphQLContext => ({ viewer: authenticate(options.db, request.headers.get('authorization')), db: options.db, sqlite: options.sqlite, now, logKeys: options.logKeys }),
  });
}

/**
 * No header: anonymous (public reference data). A header that is not a valid, unrevoked token is
 * refused with 401 rather than quietly treated as anonymous, so an integrator with a bad token
 * learns it at once instead of reading an empty registry.
 */
function authenticate(db: Db, header: string | null) {
  if (!header) return null;
  const match = header.match(/^Bearer\s+(\S+)$/i);
  const viewer = match ? viewerForToken(db, match[1]!) : null;
  if (viewer) return viewer;
  throw new GraphQLError(match ? 'The API token is unknown or revoked.' : 'Use the header "Authorization: Bearer <token>".', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } },
  });
}

/** graphql-armor's rejections are request errors: 400, as the GraphQL-over-HTTP specification asks. */
function asBadRequest(_ctx: unknown, error: GraphQLError) {
  Object.assign(error.extensions as Record<string, unknown>, { code: 'BAD_REQUEST', http: { status: 400 } });
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
