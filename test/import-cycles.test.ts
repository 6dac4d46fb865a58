// Layers of src/ without cycles: no module imports itself back, the folders of src/ import each
// other one way only, and the domain rules (src/domain) and the search engine (src/search) stand
// below the store. Reads the import graph from the source text (test/import-graph.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cyclePath, importCycles, importGraph } from './import-graph.js';

const graph = importGraph();

/** The layer of a module: its top folder in src/, or the file itself (parse.ts, model.ts). */
const layerOf = (module: string): string => (module.includes('/') ? module.split('/')[0]! : module.replace(/\.ts$/, ''));

function layerGraph(): Map<string, Set<string>> {
  const layers = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const a = layerOf(from);
    if (!layers.has(a)) layers.set(a, new Set());
    for (const t of targets) if (layerOf(t) !== a) layers.get(a)!.add(layerOf(t));
  }
  return layers;
}

/** Cycles between folders that are known and owned elsewhere: listed so that no new one slips in. */
const KNOWN_LAYER_CYCLES: string[] = [];

test('the cycle finder finds a cycle (two modules importing each other)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-import-cycles-'));
  try {
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a/x.ts'), "import { y } from '../b/y.js';\nexport const x = 1;\n");
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b/y.ts'), "// import { nothing } from '../c.js';\nexport const y = async () => (await import('../a/x.js')).x;\n");
    writeFileSync(join(dir, 'c.ts'), "import type { x } from './a/x.js';\n");
    const g = importGraph(dir);
    assert.deepEqual(importCycles(g), [['a/x.ts', 'b/y.ts']]);
    assert.deepEqual(cyclePath(g, 'a/x.ts', new Set(['a/x.ts', 'b/y.ts'])), ['a/x.ts', 'b/y.ts', 'a/x.ts']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the graph covers src/ (type-only, re-exported and dynamic imports included)', () => {
  assert.ok(graph.size > 100, `${graph.size} modules`);
  assert.ok(graph.get('search/engine.ts')!.has('search/port.ts'));
  assert.ok(graph.get('server/web/format.ts')!.has('domain/validity.ts'), 'export … from');
  assert.ok(graph.get('cli/commands/parse.ts')!.has('parse.ts'), 'await import(…)');
});

test('no module of src/ imports itself back', () => {
  const cycles = importCycles(graph).map((c) => cyclePath(graph, c[0]!, new Set(c)).join(' → '));
  assert.deepEqual(cycles, []);
});

test('the folders of src/ import each other one way only', () => {
  const layers = layerGraph();
  const cycles = importCycles(layers).map((c) => c.join(' ↔ '));
  assert.deepEqual(cycles, KNOWN_LAYER_CYCLES);
});

test('the domain rules import only the data model, core helpers and each other', () => {
  for (const [from, targets] of graph) {
    if (layerOf(from) !== 'domain') continue;
    for (const t of targets) assert.ok(['domain', 'model', 'core'].includes(layerOf(t)), `${from} imports ${t}`);
  }
});

test('the search engine depends on its port, not on the store or what is above it', () => {
  for (const [from, targets] of graph) {
    if (layerOf(from) !== 'search') continue;
    for (const t of targets) assert.ok(['search', 'domain', 'model', 'core'].includes(layerOf(t)), `${from} imports ${t}`);
  }
});
