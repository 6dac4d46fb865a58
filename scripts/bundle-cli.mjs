// After the build: bundles the compiled CLI (dist/cli/main.js and what it imports from dist/) into
// one CommonJS script, dist/bundle/main.cjs, and writes V8's code cache of it as a parse left it,
// which bin/gongbao.js loads instead of dist/cli/main.js when the bundle is not older than it.
//
// Why (docs/performance.md, "Eleventh round" and "Fifteenth round"): resolving, reading and linking
// ~80 separate modules was a quarter of what a `gongbao parse` of a small issue costs beyond a bare
// Node start, and of what is left, parsing and compiling the CLI's own code is the most. Node 20
// keeps no compile cache for ES modules, but V8 takes one for a script (`vm.Script` cachedData):
// with it a small parse costs ~15 % fewer instructions. A script is also why the bundle is
// CommonJS: no ES module loader is started for it.
//
// npm packages are not bundled (required from node_modules as before), except commander (below)
// and packages that are ES modules only (a CommonJS script cannot require them in every Node 20).
// Each module keeps the meaning of its `import.meta.url` (the compiled file's own address): a
// module finds package files, data and its worker threads relative to it, and in the bundle it is
// rewritten to the same address, computed from the bundle's own (dist/bundle/ sits beside dist/'s
// other folders). Without esbuild (installed without dev dependencies) the script says so and
// the CLI runs from dist/ as compiled.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = `${root}dist${sep}`;
const outdir = `${dist}bundle`;
const outfile = `${outdir}${sep}main.cjs`;
rmSync(outdir, { recursive: true, force: true });

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stdout.write('bundle-cli: esbuild not installed; the CLI runs from dist/ unbundled\n');
  process.exit(0);
}

const entry = `${dist}cli${sep}main.js`;
if (!existsSync(entry)) {
  process.stderr.write('bundle-cli: dist/cli/main.js missing; run tsc first\n');
  process.exit(1);
}

/** The bundle's own address, defined at its top (after the id line bin/gongbao.js reads). */
const BUNDLE_URL = '__gongbaoBundleUrl';
/** `import.meta.url` of a dist/ file, as an expression that gives it from the bundle in dist/bundle/. */
const ownUrl = (file) => `new URL(${JSON.stringify(relative(outdir, file).split(sep).join('/'))}, ${BUNDLE_URL}).href`;

const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', ownUrl(args.path)), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// dist/cli/commander.js requires commander as it is installed; in the bundle it is commander itself,
// bundled (its CommonJS modules are small), so that its `child_process` can be given here: loaded
// when commander first spawns (it never does in this CLI: its subcommands are not executables),
// not at every start (~28 M instructions: child_process, net, dgram).
const commanderFile = `${dist}cli${sep}commander.js`;
const inCommander = (importer) => importer.includes(`${sep}node_modules${sep}commander${sep}`);
const LAZY_CHILD_PROCESS = `let childProcess;
exports.spawn = (...args) => (childProcess ??= require('node:child_process')).spawn(...args);`;
// The stand-in gives commander `spawn` alone: a commander that uses more of child_process stops the
// build here rather than failing when it runs.
const commanderDir = dirname(createRequire(import.meta.url).resolve('commander'));
const childProcessUses = new Set(
  readdirSync(join(commanderDir, 'lib')).flatMap((f) => [...readFileSync(join(commanderDir, 'lib', f), 'utf8').matchAll(/childProcess\.(\w+)/g)].map((m) => m[1])),
);
if ([...childProcessUses].some((name) => name !== 'spawn')) {
  process.stderr.write(`bundle-cli: commander uses child_process.${[...childProcessUses].join(', ')}; the stand-in gives spawn alone\n`);
  process.exit(1);
}

/** True when `specifier`, imported from `dir`, resolves for require() to an ES module (which Node 20 before 20.19 cannot require). */
function esModuleOnly(specifier, dir) {
  let file;
  try {
    file = createRequire(join(dir, 'x.js')).resolve(specifier);
  } catch {
    return true; // no CommonJS entry at all
  }
  if (extname(file) === '.mjs') return true;
  if (extname(file) !== '.js') return false;
  // The nearest package.json decides what a .js file is.
  for (let d = dirname(file); d !== dirname(d); d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg)) return JSON.parse(readFileSync(pkg, 'utf8')).type === 'module';
  }
  return false;
}

const packages = {
  name: 'packages',
  setup(build) {
    build.onLoad({ filter: /[\\/]cli[\\/]commander\.js$/ }, (args) => args.path === commanderFile
      ? { contents: "export { Command, CommanderError } from 'commander';", loader: 'js', resolveDir: dirname(args.path) }
      : undefined);
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      // Node's own modules are esbuild's (left to require, but commander's child_process: below).
      if (args.kind === 'entry-point' || isBuiltin(args.path) || inCommander(args.importer)) return undefined;
      if (args.path === 'commander' && args.importer === commanderFile) return undefined; // bundled
      // import() stays import() in the bundle: any package can be loaded so.
      if (args.kind === 'dynamic-import') return { path: args.path, external: true };
      if (esModuleOnly(args.path, args.resolveDir)) return undefined; // bundled
      return { path: args.path, external: true }; // required from node_modules at run time
    });
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (inCommander(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({ contents: LAZY_CHILD_PROCESS, loader: 'js', resolveDir: dist }));
  },
};

const built = await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile,
  write: false,
  banner: { js: `const ${BUNDLE_URL} = require('node:url').pathToFileURL(__filename).href;` },
  plugins: [packages, keepModuleUrls],
  logLevel: 'warning',
});
const code = built.outputFiles.find((f) => f.path === outfile).text;
// The id names the code cache made for this bundle: a cache is never read for other code (V8
// itself checks only the source's length).
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
mkdirSync(outdir, { recursive: true });
// The file is the function bin/gongbao.js runs as Node would a CommonJS module (not a module to
// require itself): wrapped here, the launcher compiles the source as read. Wrapping it there
// copied the 1 MB source into a new string at every start, ~460 page faults (~5 ms).
writeFileSync(outfile, `// gongbao bundle ${id}\n(function (exports, require, module, __filename, __dirname) {${code}\n})`);

// The code cache: bin/gongbao.js writes it at the end of a parse of a bundled sample issue, so
// that it holds the functions a parse compiles. Made with Node's default V8 flags, as the CLI is
// run (NODE_OPTIONS left out): V8 refuses a cache made under other flags.
const env = { ...process.env, GONGBAO_WRITE_CODE_CACHE: '1' };
delete env.NODE_OPTIONS;
const sample = join(root, 'fixtures', 'corpus', 'yangquan-2020-01.txt');
if (!existsSync(sample)) {
  // A copy without the fixtures (a package trimmed of them) still builds; it runs without the cache.
  process.stdout.write('bundle-cli: fixtures/corpus/yangquan-2020-01.txt missing; no code cache written\n');
  process.exit(0);
}
const run = spawnSync(process.execPath, [join(root, 'bin', 'gongbao.js'), 'parse', sample, '--format', 'json'], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (run.status !== 0 || !existsSync(join(outdir, `main.${id}.cache`))) {
  process.stderr.write(`bundle-cli: no code cache written (exit ${run.status}): ${run.stderr}`);
  process.exit(1);
}
