import { createToken, findOrganisationByCodeOrNumber, issueDemoTokens, keyFileFor, loadDemoData, loadDemoLogs, loadLogKeys, loadReferenceData, openDatabase, removeDemoData, removeDemoLogs } from '@fvm/db';
import { USER_ROLES, type Role } from '@fvm/domain';
import { parseArgs } from 'node:util';
import { runCommandLine } from './commandLine';
import { serverConfig } from './config';
import { LOGS_USAGE, runLogsCommand, UsageError } from './logs';

const USAGE = `fvm — the fvm-registry command line

  npm run fvm -- token create --org <municipality code | organisation number> --role <role> [--label <text>]
      Prints a new API token. Roles: ${USER_ROLES.join(', ')}.
  npm run fvm -- demo load        Loads the demo data and demo user log entries (into a database that has reference data).
  npm run fvm -- demo remove      Removes every demo row and demo log entry; reference and real data stay.
  npm run fvm -- demo tokens      Prints fresh demo tokens (revoking the previous ones).
  npm run fvm -- schema           Prints the GraphQL SDL.
${LOGS_USAGE}

Environment: FVM_DATABASE (default ./data/fvm-registry.sqlite); FVM_PSEUDONYM_KEY (64 hex digits)
for patient pseudonyms and checkpoint signatures, else the key file beside the database, named after
it (data/fvm-registry.pseudonym.key by default), created on first use.`;

/** A mistake in the call: runCommandLine prints it with the command's usage and exits with 2. */
function fail(message: string): never {
  throw new UsageError(message);
}

async function main(argv: string[]) {
  const [group, action, ...rest] = argv;
  // The schema is built on import (tens of MB and a second of start-up): only the command that prints it pays for it.
  if (group === 'schema') return void process.stdout.write((await import('@fvm/graphql')).printSdl());
  const { databaseFile } = serverConfig();
  const { db, sqlite, close } = openDatabase(databaseFile);
  try {
    loadReferenceData(db);
    if (group === 'logs') {
      process.exitCode = await runLogsCommand({ db, sqlite, databaseFile }, action, rest);
    } else if (group === 'token' && action === 'create') {
      const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' } } });
      if (!values.org || !values.role) fail('token create needs --org and --role.');
      if (!(USER_ROLES as readonly string[]).includes(values.role)) fail(`Unknown role "${values.role}". One of: ${USER_ROLES.join(', ')}.`);
      const org = findOrganisationByCodeOrNumber(db, values.org);
      if (!org) fail(`No organisation with municipality code or organisation number "${values.org}".`);
      const { secret } = createToken(db, { organisationId: org.id, role: values.role as Role, label: values.label });
      console.error(`Token for ${org.name}, role ${values.role} (shown once; only its hash is stored):`);
      console.log(secret);
    } else if (group === 'demo' && action === 'load') {
      console.log(loadDemoData(db).counts);
      const keys = loadLogKeys(keyFileFor(databaseFile));
      console.log({ user_log_entries: loadDemoLogs(sqlite, keys, { count: Number(process.env.FVM_DEMO_LOG_ENTRIES ?? 100_000) }).stored });
    } else if (group === 'demo' && action === 'remove') {
      // Demo log entries first: their chains stand apart from the real ones.
      console.log({ user_log_entries: removeDemoLogs(sqlite, loadLogKeys(keyFileFor(databaseFile))).removed, ...removeDemoData(db).removed });
    } else if (group === 'demo' && action === 'tokens') {
      for (const t of issueDemoTokens(db)) console.log(`${t.role.padEnd(15)} ${t.organisation.padEnd(26)} ${t.secret}`);
    } else fail(`Unknown command "${[group, action].filter(Boolean).join(' ')}".`);
  } finally {
    close();
  }
}

await runCommandLine(USAGE, process.argv.slice(2), main);
