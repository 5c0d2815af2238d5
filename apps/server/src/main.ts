import { keyFileOf, loadLogKeys, openStores, printableLocation } from '@fvm/db';
import { serverConfig } from './config';
import { createRegistryHttpServer } from './httpServer';
import { serveStatic } from './static';
import { createRegistryYoga } from './yoga';

const config = serverConfig();
const keyFile = keyFileOf(config.database);
const logKeys = loadLogKeys(keyFile);
if (logKeys.source === 'created') console.log(`Created the pseudonym key ${keyFile}: back it up apart from the database.`);
const stores = await openStores(config.database, logKeys, { logDatabase: config.logDatabase, logLanes: config.logLanes });
// The chains' sealed heads, looked at (not walked) at every start: damage should not wait for someone to run verify.
for (const warning of await stores.logs.headWarnings()) console.warn(`WARNING: tamper evidence: ${warning}. Run: npm run fvm -- logs verify`);
const reference = await stores.seed.loadReferenceData();
if (reference.inserted) console.log(`Loaded reference data into ${printableLocation(config.database)}`);
// Demo data goes only into a database that had nothing: it never mixes into one in real use.
if (reference.inserted && process.env.FVM_DEMO !== '0') {
  const { counts } = await stores.seed.loadDemoData();
  const logs = await stores.seed.loadDemoLogs({ count: Number(process.env.FVM_DEMO_LOG_ENTRIES ?? 100_000) });
  const review = await stores.seed.loadDemoLogReview();
  console.log(
    `Loaded DEMO data (remove with: npm run fvm -- demo remove): ${Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}, user log entries ${logs.stored}, log review routines ${review.routines} and runs ${review.runs}`,
  );
}
// Demo sign-in and the demo tokens printed here go together: both are for a registry on this machine.
if (config.demoSignIn.enabled) {
  const tokens = await stores.tokens.issueDemoTokens();
  if (tokens.length) {
    console.log('\nDemo tokens (valid until the next start, at most a day; demo data only):');
    for (const t of tokens) console.log(`  ${t.role.padEnd(15)} ${t.organisation.padEnd(26)} ${t.secret}`);
  }
  console.log(`Demo sign-in is on (${config.demoSignIn.reason}): anyone who reaches this server may sign in as a demo user.`);
} else {
  console.log(
    `Demo sign-in is off: ${config.demoSignIn.reason}. Sign in with a token (npm run fvm -- token create, or demo tokens: npm run fvm -- demo tokens).`,
  );
}

const http = config.http;
const yoga = createRegistryYoga({ stores, logKeys, ...http, demoSignIn: config.demoSignIn.enabled });
const server = createRegistryHttpServer(yoga, serveStatic(config.gridDirectory));
server.listen(config.port, config.host, () => {
  console.log(
    `\nfvm-registry serving http://localhost:${config.port}/ (the grid) and http://localhost:${config.port}/graphql (API${http.graphiql ? ', GraphiQL' : ''}) on ${printableLocation(config.database)}`,
  );
});
// The log review's digest follows the entries appended over the API a slice at a time, so the
// next review run has little left to count (it counts the rest itself before it selects).
const digest = setInterval(() => {
  stores.logs
    .catchUpDigest({ limit: 50_000 })
    .catch((error: Error) => console.warn(`The log review's digest could not be brought up to date: ${error.message}`));
}, 10_000);
digest.unref();
const stop = () => server.close(() => (clearInterval(digest), void stores.close().then(() => process.exit(0))));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
