import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { viewerForToken, type Db, type Sqlite } from '@fvm/db';
import { schema, type GraphQLContext } from '@fvm/graphql';
import { createYoga } from 'graphql-yoga';

export interface RegistryServerOptions {
  db: Db;
  sqlite: Sqlite;
  /** Masks unexpected errors (stack traces, SQL) from clients. */
  production?: boolean;
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
        maxDepth: { n: 12 },
        maxTokens: { n: 5000 },
        maxAliases: { n: 15 },
        costLimit: { maxCost: 20000 },
      }),
    ],
    context: ({ request }): GraphQLContext => {
      const header = request.headers.get('authorization');
      const match = header?.match(/^Bearer\s+(\S+)$/i);
      return { viewer: match ? viewerForToken(options.db, match[1]!) : null, db: options.db, sqlite: options.sqlite, now };
    },
  });
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
