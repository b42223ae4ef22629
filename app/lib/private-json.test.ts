import { describe, expect, it } from "vitest";
import { privateJson } from "./private-json";

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
