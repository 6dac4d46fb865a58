// After the build: bundles the compiled CLI (dist/cli/main.js and what it imports from dist/) into
// a few files in dist/bundle/, which bin/gongbao.js loads instead when they are not older than
// dist/cli/main.js. Resolving, reading and linking ~80 separate modules was a quarter of what a
// `gongbao parse` of a small issue costs beyond a bare Node start (docs/performance.md,
// "Eleventh round"). Commands stay in chunks of their own (code splitting), loaded when they run,
// so `gongbao parse` does not load the server; npm packages are not bundled (resolved from
// node_modules as before), except commander (below).
//
// Each module keeps the meaning of its `import.meta.url` (the compiled file's own address): a
// module finds package files, data and its worker threads relative to it, and in the bundle it is
// rewritten to the same address, computed from the chunk's (dist/bundle/ sits beside dist/'s
// other folders). Without esbuild (installed without dev dependencies) the script says so and
// the CLI runs from dist/ as compiled.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = `${dist}bundle`;
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

/** `import.meta.url` of a dist/ file, as an expression that gives it from a chunk in dist/bundle/. */
const ownUrl = (file) => `new URL(${JSON.stringify(relative(outdir, file).split(sep).join('/'))}, import.meta.url).href`;

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
// bundled (its CommonJS modules are small), so that the Node modules it requires can be given
// here: `child_process` is loaded when commander first spawns (it never does in this CLI: its
// subcommands are not executables), not at every start (~28 M instructions: child_process, net,
// dgram). The others are Node's own, given as they are.
const commanderFile = `${dist}cli${sep}commander.js`;
const inCommander = (importer) => importer.includes(`${sep}node_modules${sep}commander${sep}`);
const NODE_MODULES_OF_COMMANDER = {
  'node:child_process': `import { createRequire } from 'node:module';
    let childProcess;
    export function spawn(...args) {
      childProcess ??= createRequire(import.meta.url)('node:child_process');
      return childProcess.spawn(...args);
    }`,
  'node:process': 'module.exports = process;',
  'node:events': "export * from 'node:events';",
  'node:path': "export * from 'node:path';",
  'node:fs': "export * from 'node:fs';",
};
// The stand-in gives commander `spawn` alone: a commander that uses more of child_process stops the
// build here rather than failing when it runs.
const commanderDir = dirname(createRequire(import.meta.url).resolve('commander'));
const childProcessUses = new Set(
  readdirSync(`${commanderDir}${sep}lib`).flatMap((f) => [...readFileSync(`${commanderDir}${sep}lib${sep}${f}`, 'utf8').matchAll(/childProcess\.(\w+)/g)].map((m) => m[1])),
);
if ([...childProcessUses].some((name) => name !== 'spawn')) {
  process.stderr.write(`bundle-cli: commander uses child_process.${[...childProcessUses].join(', ')}; the stand-in gives spawn alone\n`);
  process.exit(1);
}

const bundleCommander = {
  name: 'bundle-commander',
  setup(build) {
    build.onLoad({ filter: /[\\/]cli[\\/]commander\.js$/ }, (args) => args.path === commanderFile
      ? { contents: "export { Command, CommanderError } from 'commander';", loader: 'js', resolveDir: dirname(args.path) }
      : undefined);
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path in NODE_MODULES_OF_COMMANDER && inCommander(args.importer)) return { path: args.path, namespace: 'commander-node' };
      if (args.path === 'commander' && args.importer === commanderFile) return undefined; // bundled
      if (args.path.startsWith('node:') || inCommander(args.importer)) return undefined;
      return { path: args.path, external: true }; // other npm packages: resolved from node_modules at run time
    });
    build.onLoad({ filter: /.*/, namespace: 'commander-node' }, (args) => ({ contents: NODE_MODULES_OF_COMMANDER[args.path], loader: 'js', resolveDir: dist }));
  },
};

await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  plugins: [bundleCommander, keepModuleUrls],
  logLevel: 'warning',
});
