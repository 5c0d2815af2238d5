// The production build of the server: one JavaScript file per entry in dist/, run by plain `node`
// with no npm, pnpm or tsx process around it (`npm start` is three processes and ~117 MiB more).
//   dist/main.js             the server (node apps/server/dist/main.js)
//   dist/cli.js              the fvm command line (node apps/server/dist/cli.js …)
//   dist/prepareWorker.mjs   the log import's reading thread, which cli.js starts beside itself
// The workspace packages and the pure-JavaScript dependencies are bundled in; better-sqlite3 (a
// native addon) is loaded from node_modules, so dist/ runs inside the installed checkout.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dist = join(here, 'dist');

/**
 * The workspace packages find files beside their sources through import.meta.url (the migrations
 * of packages/db). In a bundle that URL is the bundle's, so each of those modules gets its own
 * file's URL back, written relative to dist/ so that the checkout may move. The server's own
 * sources keep theirs: dist/ stands at the depth of src/, and the log import's worker is meant
 * to be found beside the bundle.
 */
const sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`) || args.path.startsWith(join(here, 'src') + sep)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromDist = relative(dist, args.path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  // better-sqlite3 loads its compiled addon from its own directory; pg-native is pg's optional
  // native driver, never used here.
  external: ['better-sqlite3', 'pg-native'],
  // Bundled CommonJS dependencies call require() for Node's own modules; an ES module has none.
  banner: { js: "import { createRequire as __fvmCreateRequire } from 'node:module'; const require = __fvmCreateRequire(import.meta.url);" },
  plugins: [sourceUrls],
};

await rm(dist, { recursive: true, force: true });
await build({ ...common, entryPoints: { main: join(here, 'src/main.ts'), cli: join(here, 'src/cli.ts') }, outdir: dist });
await build({ ...common, entryPoints: { prepareWorker: join(here, 'src/logs/prepareWorker.ts') }, outdir: dist, outExtension: { '.js': '.mjs' } });
console.log(`Built ${relative(process.cwd(), dist) || '.'}: main.js (the server), cli.js (fvm), prepareWorker.mjs (the log import's reading thread)`);
