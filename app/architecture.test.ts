// The shape a newcomer relies on (docs/decisions/0011): no import cycles (type-only imports
// count: they still couple the modules), app/lib imports no domain, nothing imports a route,
// and every route fits on a screen or two.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname);
const MAX_ROUTE_LINES = 200;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === "generated" ? [] : sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return null;
}

/** Every app file's imports of other app files (static, dynamic, type-only and re-exports). */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles.map((ref) => resolveImport(file, ref.fileName)).filter((target): target is string => target !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

const relative = (file: string) => path.relative(APP, file);
const files = sourceFiles(APP);
const graph = importGraph(files);

describe("architecture", () => {
  it("has no import cycles", () => {
    expect(importCycles(graph).map((cycle) => cycle.map(relative).sort())).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const fake = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(importCycles(fake).map((cycle) => cycle.sort())).toEqual([["a", "b", "c"]]);
  });

  it("keeps app/lib free of domain imports (the database client is infrastructure, not a domain)", () => {
    const lib = path.join(APP, "lib") + path.sep;
    const allowed = (target: string) => target.startsWith(lib) || target === path.join(APP, "db.server.ts");
    const outward = [...graph]
      .filter(([file]) => file.startsWith(lib))
      .flatMap(([file, targets]) =>
        targets.filter((target) => !allowed(target)).map((target) => `${relative(file)} → ${relative(target)}`),
      );
    expect(outward).toEqual([]);
  });

  it("keeps routes at the top: no other module imports one", () => {
    const routes = path.join(APP, "routes") + path.sep;
    const inward = [...graph]
      .filter(([file]) => !file.startsWith(routes))
      .flatMap(([file, targets]) =>
        targets.filter((target) => target.startsWith(routes)).map((target) => `${relative(file)} → ${relative(target)}`),
      );
    expect(inward).toEqual([]);
  });

  it(`keeps every route within ${MAX_ROUTE_LINES} lines`, () => {
    const long = files
      .filter((file) => file.startsWith(path.join(APP, "routes") + path.sep))
      .map((file) => ({ route: relative(file), lines: readFileSync(file, "utf8").split("\n").length - 1 }))
      .filter(({ lines }) => lines > MAX_ROUTE_LINES);
    expect(long).toEqual([]);
  });
});
