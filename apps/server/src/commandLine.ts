import { NotYetOnPostgresError } from '@fvm/db';
import { UsageError } from './logs/common';

/**
 * Runs the `fvm` command line around `run`, so that every command answers the same way:
 *
 * - `--help` or `-h` (before a `--`), `help`, or nothing at all: the usage of the command named,
 *   on stdout, exit 0, without touching the database;
 * - a mistake in the call (an unknown command or option, a missing value, a UsageError): what is
 *   wrong and the command's usage, on stderr, exit 2; never a stack trace;
 * - a command this version cannot yet run on the engine configured: that, on stderr, exit 1.
 *
 * The usage text is the one source of which commands exist: each command starts a line
 * `  npm run fvm -- <words> …`, with its description on the more indented lines below.
 */
export async function runCommandLine(usage: string, argv: string[], run: (argv: string[]) => Promise<void>): Promise<void> {
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (argv.length === 0 || argv[0] === 'help' || options.includes('--help') || options.includes('-h')) {
    console.log(usageFor(usage, argv));
    return;
  }
  try {
    checkCommand(usage, argv);
    await run(argv);
  } catch (e) {
    // Something this version does not do on this engine: said plainly, without a trace.
    if (e instanceof NotYetOnPostgresError) {
      console.error(e.message);
      process.exitCode = 1;
      return;
    }
    const message = mistake(e);
    if (message === null) throw e;
    console.error(`${message}\n\n${usageFor(usage, argv)}`);
    process.exitCode = 2;
  }
}

/** The message of a mistake in the call, or null for any other failure (which keeps its trace). */
function mistake(e: unknown): string | null {
  if (e instanceof UsageError) return e.message;
  // node:util parseArgs: unknown option, missing value, unexpected positional.
  if (e instanceof Error && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) return e.message;
  return null;
}

interface Section {
  words: string[];
  text: string;
}

function sections(usage: string): Section[] {
  const found: Section[] = [];
  let current: Section | null = null;
  for (const line of usage.split('\n')) {
    const command = line.match(/^ {2}npm run fvm -- (.*)$/);
    if (command) found.push((current = { words: leadingWords(command[1]!), text: line }));
    else if (current && /^ {3,}\S/.test(line)) current.text += `\n${line}`;
    else current = null;
  }
  return found;
}

/** `demo load        Loads…` → demo, load; `logs import <file> […]` → logs, import. */
function leadingWords(command: string): string[] {
  const words: string[] = [];
  for (const word of command.split('  ')[0]!.split(' ')) {
    if (!/^[a-z][a-z-]*$/.test(word)) break;
    words.push(word);
  }
  return words;
}

/** Refuses, before anything runs, a command the usage does not list. */
function checkCommand(usage: string, argv: string[]) {
  const all = sections(usage);
  if (all.some((s) => s.words.every((word, i) => argv[i] === word))) return;
  const group = all.filter((s) => s.words[0] === argv[0]);
  if (!group.length) throw new UsageError(`Unknown command "${argv[0]}".`);
  const actions = [...new Set(group.map((s) => s.words[1]))].join(', ');
  throw new UsageError(
    argv.length < 2 || argv[1]!.startsWith('-')
      ? `"${argv[0]}" needs a command: ${actions}.`
      : `Unknown command "${argv[0]} ${argv[1]}"; "${argv[0]}" has: ${actions}.`,
  );
}

/** The sections of the command `argv` names as far as it names one (`logs import x.csv` → logs import); else the whole text. */
function usageFor(usage: string, argv: string[]): string {
  const all = sections(usage);
  for (let n = Math.min(argv.length, 3); n > 0; n--) {
    const prefix = argv.slice(0, n);
    const matching = all.filter((s) => prefix.every((word, i) => s.words[i] === word));
    if (matching.length) return `Usage:\n${matching.map((s) => s.text).join('\n')}`;
  }
  return usage;
}
