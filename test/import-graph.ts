// The import graph of src/: every relative import of a module (static, type-only, re-export and
// dynamic `import()` alike — a type import ties two layers together as much as a value one does),
// and the cycles in it. Used by test/import-cycles.test.ts; `npx tsx test/import-graph.ts` prints them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

// Comments may quote an import; only code counts. (A `//` inside a string is left alone: only
// whole-line comments and block comments are dropped.)
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const SPECIFIERS = [/\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g, /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g, /^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm];

/** Module (path relative to src/, e.g. `store/archive.ts`) → the src/ modules it imports. */
export function importGraph(root = SRC): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(root)) {
    const code = withoutComments(readFileSync(file, 'utf8'));
    const targets = new Set<string>();
    for (const pattern of SPECIFIERS) {
      for (const m of code.matchAll(pattern)) {
        const target = relative(root, resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
        if (!target.startsWith('..')) targets.add(target);
      }
    }
    graph.set(relative(root, file), targets);
  }
  return graph;
}

/** The strongly connected components of more than one module (or a module importing itself). */
export function importCycles(graph: Map<string, Set<string>>): string[][] {
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.has(v)) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** One shortest import path from `from` back to itself inside a component, to show a cycle. */
export function cyclePath(graph: Map<string, Set<string>>, from: string, within: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!within.has(w)) continue;
      if (w === from) {
        const path = [from];
        for (let u = v; u !== from; u = previous.get(u)!) path.splice(1, 0, u);
        return [...path, from];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = importGraph();
  const cycles = importCycles(graph);
  for (const c of cycles) {
    console.log(`${c.length} modules: ${c.join(', ')}`);
    const within = new Set(c);
    for (const m of c) console.log('   ' + cyclePath(graph, m, within).join(' → '));
  }
  console.log(`${cycles.length} cycle(s) among ${graph.size} modules`);
}
