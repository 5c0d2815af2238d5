import { createServer } from 'node:http';
import { issueDemoTokens, keyFileFor, loadDemoData, loadDemoLogs, loadLogKeys, loadReferenceData, openDatabase } from '@fvm/db';
import { serverConfig } from './config';
import { serveStatic } from './static';
import { createRegistryYoga } from './yoga';

const config = serverConfig();
const { db, sqlite } = openDatabase(config.databaseFile);
const logKeys = loadLogKeys(keyFileFor(config.databaseFile));
if (logKeys.source === 'created') console.log(`Created the pseudonym key ${keyFileFor(config.databaseFile)}: back it up apart from the database.`);
const reference = loadReferenceData(db);
if (reference.inserted) console.log(`Loaded reference data into ${config.databaseFile}`);
// Demo data goes only into a database that had nothing: it never mixes into one in real use.
if (reference.inserted && process.env.FVM_DEMO !== '0') {
  const { counts } = loadDemoData(db);
  const logs = loadDemoLogs(sqlite, logKeys, { count: Number(process.env.FVM_DEMO_LOG_ENTRIES ?? 100_000) });
  console.log(
    `Loaded DEMO data (remove with: npm run fvm -- demo remove): ${Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}, user log entries ${logs.stored}`,
  );
}
const tokens = issueDemoTokens(db);
if (tokens.length) {
  console.log('\nDemo tokens (valid until the next start; demo data only):');
  for (const t of tokens) console.log(`  ${t.role.padEnd(15)} ${t.organisation.padEnd(26)} ${t.secret}`);
}

const yoga = createRegistryYoga({ db, sqlite, logKeys, production: config.production, responseCache: config.responseCache, logReadLimits: config.logReadLimits });
const grid = serveStatic(config.gridDirectory);
// /graphql is the API; everything else is the grid (or, without a build, a pointer to the API).
const server = createServer((req, res) => {
  if (req.url?.startsWith('/graphql')) return void yoga(req, res);
  if (grid(req, res)) return;
  res.writeHead(302, { location: '/graphql' }).end();
});
server.listen(config.port, config.host, () => {
  console.log(`\nfvm-registry serving http://localhost:${config.port}/ (the grid) and http://localhost:${config.port}/graphql (API, GraphiQL) on ${config.databaseFile}`);
});
const stop = () => server.close(() => (sqlite.close(), process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
