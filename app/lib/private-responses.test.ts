import { describe, expect, it } from "vitest";
import { privateJson, privateLiquid } from "./private-responses";

describe("privateJson", () => {
  it("answers JSON that no shared cache or browser keeps, with the given status and extra headers", async () => {
    const answer = privateJson({ error: 'Σφάλμα "x"' }, 422, { "Retry-After": "5" });
    expect(answer.status).toBe(422);
    expect(Object.fromEntries(answer.headers)).toEqual({
      "cache-control": "private, no-store",
      "content-type": "application/json",
      "retry-after": "5",
    });
    expect(await answer.json()).toEqual({ error: 'Σφάλμα "x"' });
  });
});

describe("privateLiquid", () => {
  it("answers a Liquid page that no shared cache or browser keeps", async () => {
    const answer = privateLiquid("<h1>{{ shop.name }}</h1>", 429, { "Retry-After": "5" });
    expect(answer.status).toBe(429);
    expect(Object.fromEntries(answer.headers)).toEqual({
      "cache-control": "private, no-store",
      "content-type": "application/liquid",
      "retry-after": "5",
    });
    expect(await answer.text()).toBe("<h1>{{ shop.name }}</h1>");
  });
});
