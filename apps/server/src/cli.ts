import { createToken, findOrganisationByCodeOrNumber, issueDemoTokens, loadDemoData, loadReferenceData, openDatabase, removeDemoData } from '@fvm/db';
import { USER_ROLES, type Role } from '@fvm/domain';
import { printSdl } from '@fvm/graphql';
import { parseArgs } from 'node:util';
import { serverConfig } from './config';

const USAGE = `fvm — the fvm-registry command line

  npm run fvm -- token create --org <municipality code | organisation number> --role <role> [--label <text>]
      Prints a new API token. Roles: ${USER_ROLES.join(', ')}.
  npm run fvm -- demo load        Loads the demo data (into a database that has reference data).
  npm run fvm -- demo remove      Removes every demo row; reference and real data stay.
  npm run fvm -- demo tokens      Prints fresh demo tokens (revoking the previous ones).
  npm run fvm -- schema           Prints the GraphQL SDL.

Environment: FVM_DATABASE (default ./data/fvm-registry.sqlite).`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function main(argv: string[]) {
  const [group, action, ...rest] = argv;
  if (group === 'schema') return void process.stdout.write(printSdl());
  if (!group || group === 'help' || group === '--help') return void console.log(USAGE);
  const { db, close } = openDatabase(serverConfig().databaseFile);
  try {
    loadReferenceData(db);
    if (group === 'token' && action === 'create') {
      const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' } } });
      if (!values.org || !values.role) fail(USAGE);
      if (!(USER_ROLES as readonly string[]).includes(values.role)) fail(`Unknown role "${values.role}". One of: ${USER_ROLES.join(', ')}.`);
      const org = findOrganisationByCodeOrNumber(db, values.org);
      if (!org) fail(`No organisation with municipality code or organisation number "${values.org}".`);
      const { secret } = createToken(db, { organisationId: org.id, role: values.role as Role, label: values.label });
      console.error(`Token for ${org.name}, role ${values.role} (shown once; only its hash is stored):`);
      console.log(secret);
    } else if (group === 'demo' && action === 'load') {
      console.log(loadDemoData(db).counts);
    } else if (group === 'demo' && action === 'remove') {
      console.log(removeDemoData(db).removed);
    } else if (group === 'demo' && action === 'tokens') {
      for (const t of issueDemoTokens(db)) console.log(`${t.role.padEnd(15)} ${t.organisation.padEnd(26)} ${t.secret}`);
    } else fail(USAGE);
  } finally {
    close();
  }
}

main(process.argv.slice(2));
