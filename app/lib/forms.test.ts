import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formWholeNumber, storedText } from "./forms";

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

describe("formWholeNumber", () => {
  const days = formWholeNumber(0, 365);
  const message = (value: unknown) => {
    const parsed = days.safeParse(value);
    return parsed.success ? parsed.data : parsed.error.issues.map((issue) => issue.message).join(" | ");
  };

  it("reads whole numbers typed with spaces around them", () => {
    expect(message(" 30 ")).toBe(30);
    expect(message("0")).toBe(0);
    expect(message("365")).toBe(365);
  });

  it("says what is wrong, once", () => {
    expect(message("-5")).toBe("Enter 0 or more.");
    expect(message("366")).toBe("Enter a number from 0 to 365.");
    expect(message("2.5")).toBe("Enter a whole number, without decimals.");
    expect(message("")).toBe("Enter a number from 0 to 365.");
    expect(message("  ")).toBe("Enter a number from 0 to 365.");
    expect(message("thirty")).toBe("Enter a number from 0 to 365.");
    expect(message(undefined)).toBe("Enter a number from 0 to 365.");
    expect(formWholeNumber(1, 1_000_000).safeParse("0").error?.issues[0]?.message).toBe("Enter 1 or more.");
  });
});
