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
    await expect(
      publicRoute(async () => {
        throw new TypeError("a bug");
      })({}),
    ).rejects.toThrow("a bug");
    const refusal = Response.json({ error: "no" }, { status: 401 });
    await expect(
      publicRoute(async () => {
        throw refusal;
      })({}),
    ).rejects.toBe(refusal);
    expect((await publicRoute(async () => new Response("ok"))({})).status).toBe(200);
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises PostgreSQL shutting down and lost connections, not constraint errors", () => {
    const adapterError = (cause: object) => ({ code: "P2010", meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
    expect(
      isDatabaseUnavailable(
        adapterError({ kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: "ConnectionClosed" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: "postgres", code: "23505" }))).toBe(false);
    // pg's own errors, as readRows passes them on: a SQLSTATE with a severity.
    const pgError = (code: string) => Object.assign(new Error("from PostgreSQL"), { severity: "FATAL", code });
    expect(isDatabaseUnavailable(pgError("57P01"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("23505"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002" })).toBe(false);
    expect(isDatabaseUnavailable(new Error("anything else"))).toBe(false);
  });

  it("recognises a database that does not answer in time (the timeouts of app/db.server.ts)", () => {
    const adapterError = (cause: object) => ({ code: "P2010", meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
    // statement_timeout: PostgreSQL cancelled the query itself.
    expect(
      isDatabaseUnavailable(adapterError({ kind: "postgres", code: "57014", message: "canceling statement due to statement timeout" })),
    ).toBe(true);
    // pg's own errors, passed on by the adapter as they are (no code): connecting, waiting for a pooled connection, a query's deadline.
    for (const message of [
      "Connection terminated due to connection timeout",
      "timeout exceeded when trying to connect",
      "Query read timeout",
      "Connection terminated unexpectedly",
      "Client has encountered a connection error and is not queryable",
    ]) {
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    }
    // Prisma's P2028 when no transaction could start in time, but not its other transaction errors (bugs).
    expect(
      isDatabaseUnavailable({
        name: "PrismaClientKnownRequestError",
        code: "P2028",
        message: "Transaction API error: Unable to start a transaction in the given time.",
      }),
    ).toBe(true);
    expect(
      isDatabaseUnavailable({
        name: "PrismaClientKnownRequestError",
        code: "P2028",
        message: "Transaction API error: Transaction already closed: A query cannot be executed on a committed transaction.",
      }),
    ).toBe(false);
    // The same words from anything with a code of its own are not pg's.
    expect(isDatabaseUnavailable(Object.assign(new Error("Query read timeout"), { code: "E_APP" }))).toBe(false);
  });
});
