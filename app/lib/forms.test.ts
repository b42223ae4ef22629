import { describe, expect, it } from "vitest";
import { z } from "zod";
import { storedText } from "./forms";

describe("storedText", () => {
  const name = storedText(z.string({ required_error: "Enter a name." }).trim().min(1, "Enter a name.").max(5, "Too long."));
  const message = (value: unknown) => {
    const parsed = name.safeParse(value);
    return parsed.success ? parsed.data : parsed.error.issues[0]!.message;
  };

  it("makes text storable before the field's own checks, which count what is stored", () => {
    expect(message("An\u0000na")).toBe("Anna");
    expect(message("Ann\u0000\u0000\u0000a")).toBe("Anna");
    expect(message("  Ana\uD800 ")).toBe("Ana");
  });

  it("gives text that shows nothing the field's message for an empty one", () => {
    expect(message("")).toBe("Enter a name.");
    expect(message("\u200B\u200D\u2060\uFEFF")).toBe("Enter a name.");
    expect(message("\u0000 \u0007")).toBe("Enter a name.");
    expect(message(undefined)).toBe("Enter a name.");
    // Zero-width characters inside visible text stay: they join emoji and scripts.
    expect(message("👩\u200D💻")).toBe("👩\u200D💻");
  });

  it("leaves what is not text to the field's schema", () => {
    expect(message(42)).toBe("Expected string, received number");
    expect(storedText(z.string().optional()).parse(undefined)).toBeUndefined();
  });
});
