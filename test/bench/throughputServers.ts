// Child process of figure 3: hosts the registry (real server, temp SQLite file, demo data) and a
// bare graphql-yoga `{ hello }` server, both on 127.0.0.1, so that the load generator in the
// parent process does not share a thread with the server it measures.

import { VGR_ORGANISATION_NUMBER } from '@fvm/db';
import { createSchema, createYoga } from 'graphql-yoga';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRegistry } from '../support/server';

// The registry's HTTP options from this process's environment, as the real server reads them:
// under NODE_ENV=production (as figure 3 runs it, and as the registry is deployed) no GraphiQL,
// no introspection, unexpected errors masked. Bare yoga runs in this process under the same NODE_ENV.
const registry = await startRegistry({ responseCache: process.env.FVM_BENCH_RESPONSE_CACHE !== '0', env: process.env });
const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');

const bareYoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
  graphqlEndpoint: '/graphql',
  landingPage: false,
  logging: false,
});
const bare = createServer(bareYoga);
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/graphql`;

process.send!({ registryUrl: registry.url, bareUrl, token });
process.on('message', async (message) => {
  if (message === 'stop') {
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await registry.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
