import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const MODULE = fileURLToPath(new URL("./env-file.server.ts", import.meta.url));
// tsx's loader by its own path: the child runs in a directory without node_modules.
const TSX = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** What a process started in `dir` sees after importing the module. */
function envAfterImport(dir: string, env: Record<string, string> = {}): Record<string, string | undefined> {
  const script = `await import(${JSON.stringify(MODULE)}); console.log(JSON.stringify({ level: process.env.LOG_LEVEL, port: process.env.PORT }));`;
  // The child's environment without the two variables the test reads, then `env`.
  const { LOG_LEVEL: _level, PORT: _port, ...inherited } = process.env;
  const { stdout, stderr, status } = spawnSync(process.execPath, ["--import", TSX, "--input-type=module", "-e", script], {
    cwd: dir,
    env: { ...inherited, ...env },
    encoding: "utf8",
  });
  expect(status, stderr).toBe(0);
  return JSON.parse(stdout) as Record<string, string | undefined>;
}

const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "retention-env-"));
  dirs.push(dir);
  return dir;
};

describe(".env", () => {
  it("is read when present; the environment wins over it", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, ".env"), "LOG_LEVEL=debug\nPORT=4100\n");
    expect(envAfterImport(dir)).toEqual({ level: "debug", port: "4100" });
    expect(envAfterImport(dir, { PORT: "5000" })).toEqual({ level: "debug", port: "5000" });
  });

  it("is optional", () => {
    expect(envAfterImport(tempDir())).toEqual({});
  });
});
