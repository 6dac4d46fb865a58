// After the build: bundles the compiled CLI (dist/cli/main.js and what it imports from dist/) into
// a few files in dist/bundle/, which bin/gongbao.js loads instead when they are not older than
// dist/cli/main.js. Resolving, reading and linking ~80 separate modules was a quarter of what a
// `gongbao parse` of a small issue costs beyond a bare Node start (docs/performance.md,
// "Eleventh round"). Commands stay in chunks of their own (code splitting), loaded when they run,
// so `gongbao parse` does not load the server; npm packages are not bundled (resolved from
// node_modules as before).
//
// Each module keeps the meaning of its `import.meta.url` (the compiled file's own address): a
// module finds package files, data and its worker threads relative to it, and in the bundle it is
// rewritten to the same address, computed from the chunk's (dist/bundle/ sits beside dist/'s
// other folders). Without esbuild (installed without dev dependencies) the script says so and
// the CLI runs from dist/ as compiled.
import { existsSync, readFileSync, rmSync } from 'node:fs';
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

await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  plugins: [keepModuleUrls],
  logLevel: 'warning',
});
