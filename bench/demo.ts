// The demo (scripts/demo.ts: its seeded shop, simulator, storefront preview and worker) for the
// benchmarks that measure it in a browser, on five ports from `firstPort`, with its SQLite file in
// a temporary folder that stop() removes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoPorts, startDemo, type Demo, type DemoOptions } from "../scripts/demo";

export async function startBenchDemo(name: string, firstPort: number, options: DemoOptions = {}): Promise<Demo> {
  const dir = mkdtempSync(path.join(tmpdir(), `retention-bench-${name}-`));
  const demo = await startDemo({
    ...demoPorts(firstPort),
    databaseUrl: `file:${path.join(dir, "demo.sqlite")}`,
    log: () => {},
    ...options,
  });
  return {
    ...demo,
    async stop() {
      await demo.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
