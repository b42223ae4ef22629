import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PortInUseError, startDemo } from "./demo";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

async function occupiedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  cleanups.push(() => server.close());
  return (server.address() as { port: number }).port;
}

describe("the demo on a taken port", () => {
  it("says which port and stops before touching its data", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "retention-demo-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "demo.sqlite");
    writeFileSync(file, "the previous demo's data");
    const taken = await occupiedPort();

    const started = startDemo({
      appPort: 4931,
      simulatorPort: taken,
      storefrontPort: 4932,
      mailViewerPort: 4933,
      smtpPort: 4934,
      databaseUrl: `file:${file}`,
    });
    await expect(started).rejects.toThrow(PortInUseError);
    await expect(started).rejects.toThrow(`Port ${taken} (SIMULATOR_PORT) is in use`);
    expect(existsSync(file)).toBe(true);
  });
});
