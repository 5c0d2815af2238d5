import { keyFileOf, loadLogKeys, openStores, TokenExpiryError, type LogKeys, type Stores } from '@fvm/db';
import { USER_ROLES, type Role } from '@fvm/domain';
import { parseArgs } from 'node:util';
import { runCommandLine } from './commandLine';
import { serverConfig } from './config';
import { DB_USAGE, dbCopyCommand } from './dbCopy';
import { LOGS_USAGE, runLogsCommand, UsageError } from './logs';

const USAGE = `fvm — the fvm-registry command line

  npm run fvm -- token create --org <municipality code | organisation number> --role <role> [--label <text>]
                             [--expires <YYYY-MM-DD> | --days <n>]
      Prints a new API token. Roles: ${USER_ROLES.join(', ')}. It expires after FVM_TOKEN_DAYS (90) days
      unless told otherwise; an expired token is refused like a revoked one.
  npm run fvm -- token list       Every token: id, prefix, organisation, role, label, created, expires, last used, revoked.
  npm run fvm -- token revoke <id | prefix>   Revokes one token at once.
  npm run fvm -- demo load        Loads the demo data and demo user log entries (into a database that has reference data).
  npm run fvm -- demo remove      Removes every demo row and demo log entry; reference and real data stay.
  npm run fvm -- demo tokens      Prints fresh demo tokens (revoking the previous ones).
  npm run fvm -- schema           Prints the GraphQL SDL.
${LOGS_USAGE}
${DB_USAGE}

Environment: FVM_DATABASE (default ./data/fvm-registry.sqlite); FVM_LOG_DATABASE (postgres://…: the user log
there instead, split mode); FVM_KEY_FILE (where the key file is); FVM_PSEUDONYM_KEY (64 hex digits)
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
  const { database, logDatabase, logLanes } = serverConfig();
  // A copy reads the file and writes the PostgreSQL database it names: no stores of its own.
  if (group === 'db' && action === 'copy') return void (process.exitCode = await dbCopyCommand(rest, database));
  const keyFile = keyFileOf(database);
  const keys = loadLogKeys(keyFile);
  if (keys.source === 'created') {
    console.error(
      `Created the pseudonym key ${keyFile}. Back it up apart from the database: without it, stored pseudonyms can no longer be matched to identity numbers.`,
    );
  }
  const stores = await openStores(database, keys, { logDatabase, logLanes });
  try {
    await stores.seed.loadReferenceData();
    if (group === 'logs') {
      const withKeys = (newKeys: LogKeys) => openStores(database, newKeys, { logDatabase, logLanes });
      process.exitCode = await runLogsCommand({ stores, keys, keyFile, withKeys }, action, rest);
    } else if (group === 'token') {
      await runTokenCommand(stores, action, rest);
    } else if (group === 'demo' && action === 'load') {
      console.log((await stores.seed.loadDemoData()).counts);
      console.log({ user_log_entries: (await stores.seed.loadDemoLogs({ count: Number(process.env.FVM_DEMO_LOG_ENTRIES ?? 100_000) })).stored });
      console.log(await stores.seed.loadDemoLogReview());
    } else if (group === 'demo' && action === 'remove') {
      // Demo log entries first: their chains stand apart from the real ones.
      console.log({ user_log_entries: (await stores.seed.removeDemoLogs()).removed, ...(await stores.seed.removeDemoData()).removed });
    } else if (group === 'demo' && action === 'tokens') {
      for (const t of await stores.tokens.issueDemoTokens()) console.log(`${t.role.padEnd(15)} ${t.organisation.padEnd(26)} ${t.secret}`);
    } else fail(`Unknown command "${[group, action].filter(Boolean).join(' ')}".`);
  } finally {
    await stores.close();
  }
}

async function runTokenCommand(stores: Stores, action: string | undefined, rest: string[]) {
  if (action === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { org: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' }, expires: { type: 'string' }, days: { type: 'string' } },
    });
    if (!values.org || !values.role) fail('token create needs --org and --role.');
    if (!(USER_ROLES as readonly string[]).includes(values.role)) fail(`Unknown role "${values.role}". One of: ${USER_ROLES.join(', ')}.`);
    if (values.expires && values.days) fail('Give --expires or --days, not both.');
    if (values.expires && !/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(values.expires))
      fail(`--expires takes a date, YYYY-MM-DD (UTC midnight); got "${values.expires}".`);
    if (values.days && !/^\d+(\.\d+)?$/.test(values.days)) fail(`--days takes a positive number; got "${values.days}".`);
    const org = await stores.organisations.findByCodeOrNumber(values.org);
    if (!org) fail(`No organisation with municipality code or organisation number "${values.org}".`);
    try {
      const { secret, expiresAt } = await stores.tokens.create({
        organisationId: org.id,
        role: values.role as Role,
        label: values.label,
        ...(values.expires ? { expiresAt: new Date(values.expires) } : { days: values.days ? Number(values.days) : serverConfig().tokenDays }),
      });
      console.error(`Token for ${org.name}, role ${values.role}, expires ${expiresAt} (shown once; only its hash is stored):`);
      console.log(secret);
    } catch (e) {
      if (e instanceof TokenExpiryError) fail(e.message);
      throw e;
    }
  } else if (action === 'list') {
    const rows = (await stores.tokens.list()).map((t) => ({
      id: String(t.id),
      prefix: t.prefix,
      organisation: t.organisation,
      role: t.role + (t.isDemo ? ' (demo)' : ''),
      label: t.label ?? '',
      created: t.createdAt.slice(0, 16),
      expires: t.expiresAt?.slice(0, 16) ?? '',
      'last used': t.lastUsedAt?.slice(0, 16) ?? '',
      revoked: t.revokedAt?.slice(0, 16) ?? '',
    }));
    const columns = ['id', 'prefix', 'organisation', 'role', 'label', 'created', 'expires', 'last used', 'revoked'] as const;
    const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
    const line = (cells: readonly string[]) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    console.log(line(columns));
    for (const r of rows) console.log(line(columns.map((c) => r[c])));
  } else if (action === 'revoke') {
    const [reference] = rest;
    if (!reference) fail('token revoke needs the id or prefix of a token.');
    const { matched, revoked } = await stores.tokens.revoke(reference);
    if (matched.length === 0) fail(`No token with id or prefix "${reference}" (see: npm run fvm -- token list).`);
    if (matched.length > 1)
      fail(`"${reference}" matches ${matched.length} tokens (ids ${matched.map((t) => t.id).join(', ')}); give the id or a longer prefix.`);
    const t = matched[0]!;
    console.log(
      revoked ? `Revoked token ${t.id} (${t.prefix}…, ${t.organisation}, ${t.role}).` : `Token ${t.id} (${t.prefix}…) was already revoked at ${t.revokedAt}.`,
    );
  } else fail(`Unknown command "token ${action ?? ''}".`);
}

await runCommandLine(USAGE, process.argv.slice(2), main);
