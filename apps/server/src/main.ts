import { createServer } from 'node:http';
import { issueDemoTokens, loadDemoData, loadReferenceData, openDatabase } from '@fvm/db';
import { serverConfig } from './config';
import { createRegistryYoga } from './yoga';

const config = serverConfig();
const { db, sqlite } = openDatabase(config.databaseFile);
const reference = loadReferenceData(db);
if (reference.inserted) console.log(`Loaded reference data into ${config.databaseFile}`);
// Demo data goes only into a database that had nothing: it never mixes into one in real use.
if (reference.inserted && process.env.FVM_DEMO !== '0') {
  const { counts } = loadDemoData(db);
  console.log(`Loaded DEMO data (remove with: npm run fvm -- demo remove): ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
}
const tokens = issueDemoTokens(db);
if (tokens.length) {
  console.log('\nDemo tokens (valid until the next start; demo data only):');
  for (const t of tokens) console.log(`  ${t.role.padEnd(15)} ${t.organisation.padEnd(26)} ${t.secret}`);
}

const yoga = createRegistryYoga({ db, sqlite, production: config.production, responseCache: config.responseCache });
const server = createServer(yoga);
server.listen(config.port, config.host, () => {
  console.log(`\nfvm-registry serving http://localhost:${config.port}/graphql (GraphiQL in the browser) on ${config.databaseFile}`);
});
const stop = () => server.close(() => (sqlite.close(), process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
