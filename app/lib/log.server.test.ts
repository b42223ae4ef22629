import { describe, expect, it, vi } from "vitest";
import { addLogContext, log, withLogContext } from "./log.server";

/** The JSON lines logged while `work` runs, at info level. */
async function linesOf(work: () => Promise<void> | void): Promise<Record<string, unknown>[]> {
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const level = log.level;
  log.level = "info";
  try {
    await work();
    return write.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as Record<string, unknown>);
  } finally {
    log.level = level;
    write.mockRestore();
  }
}

describe("log", () => {
  it("puts the context of the request or job on every line logged under it, across awaits", async () => {
    const lines = await linesOf(() =>
      withLogContext({ requestId: "req-1" }, async () => {
        log.info("before the shop is known");
        addLogContext({ shop: "a.myshopify.com" });
        await new Promise((resolve) => setTimeout(resolve, 1));
        await withLogContext({ jobId: "job-1", jobType: "email.send" }, async () => log.warn({ messageId: "m1" }, "inside"));
      }),
    );
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, requestId: "req-1", msg: "before the shop is known" }),
      expect.objectContaining({
        level: 40,
        requestId: "req-1",
        shop: "a.myshopify.com",
        jobId: "job-1",
        jobType: "email.send",
        messageId: "m1",
        msg: "inside",
      }),
    ]);
    expect(lines[0]).not.toHaveProperty("shop");
  });

  it("logs nothing of a context once its work is over", async () => {
    await withLogContext({ shop: "b.myshopify.com" }, async () => undefined);
    const [line] = await linesOf(() => log.info("outside"));
    expect(line).not.toHaveProperty("shop");
  });
});
