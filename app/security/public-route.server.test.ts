import { describe, expect, it } from "vitest";
import { createDb, isDatabaseUnavailable } from "../db.server";
import { publicRoute } from "./public-route.server";

// Nothing listens on port 1: the driver's real "not reachable" error, not a hand-made one.
const unreachable = createDb("postgresql://postgres@127.0.0.1:1/test");

describe("publicRoute", () => {
  it("answers 503 with Retry-After when the database cannot be reached", async () => {
    const route = publicRoute(async () => Response.json(await unreachable.shop.findFirst()));
    const response = await route({});
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toEqual({ error: "The service is briefly unavailable. Please try again in a moment." });
  });

  it("lets every other error and every answer through unchanged", async () => {
    await expect(publicRoute(async () => { throw new TypeError("a bug"); })({})).rejects.toThrow("a bug");
    const refusal = Response.json({ error: "no" }, { status: 401 });
    await expect(publicRoute(async () => { throw refusal; })({})).rejects.toBe(refusal);
    expect((await publicRoute(async () => new Response("ok"))({})).status).toBe(200);
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises PostgreSQL shutting down and lost connections, not constraint errors", () => {
    const adapterError = (cause: object) => ({ code: "P2010", meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
    expect(isDatabaseUnavailable(adapterError({ kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: "ConnectionClosed" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: "postgres", code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002" })).toBe(false);
    expect(isDatabaseUnavailable(new Error("anything else"))).toBe(false);
  });
});
