import { describe, expect, it } from "vitest";
import { checkPhotos, PHOTO_LIMITS, sniffImageType } from "./photos.server";

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
const webp = new Uint8Array([...new TextEncoder().encode("RIFF"), 0, 0, 0, 0, ...new TextEncoder().encode("WEBP")]);

describe("review photos", () => {
  it("recognises JPEG, PNG and WebP from their bytes, nothing else", () => {
    expect(sniffImageType(jpeg)).toBe("image/jpeg");
    expect(sniffImageType(png)).toBe("image/png");
    expect(sniffImageType(webp)).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode("<svg onload=alert(1)>"))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode("GIF89a"))).toBeNull();
  });

  it("limits count and size", () => {
    expect(checkPhotos([{ filename: "a.jpg", bytes: jpeg }])).toEqual({ ok: true });
    const six = Array.from({ length: PHOTO_LIMITS.count + 1 }, (_, i) => ({ filename: `${i}.png`, bytes: png }));
    expect(checkPhotos(six)).toEqual({ ok: false, message: "Add at most 5 photos." });
    const big = new Uint8Array(PHOTO_LIMITS.bytes + 1);
    big.set(png);
    expect(checkPhotos([{ filename: "big.png", bytes: big }])).toEqual({ ok: false, message: "big.png is larger than 5 MB." });
  });
});
