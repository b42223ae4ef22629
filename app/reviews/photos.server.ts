// Review photos from the storefront form: checked here, stored in Shopify Files.
import { uploadImageToFiles, type AdminClient } from "../shopify/admin.server";

export const PHOTO_LIMITS = { count: 5, bytes: 5 * 1024 * 1024, types: ["image/jpeg", "image/png", "image/webp"] } as const;

export type PhotoCheck = { ok: true } | { ok: false; message: string };

/** Type is checked from the file's first bytes, not the name or the browser's claim. */
export function sniffImageType(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  const text = (from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));
  if (text(0, 4) === "RIFF" && text(8, 12) === "WEBP") return "image/webp";
  return null;
}

export interface PhotoUpload {
  filename: string;
  bytes: Uint8Array;
}

export function checkPhotos(photos: PhotoUpload[]): PhotoCheck {
  if (photos.length > PHOTO_LIMITS.count) return { ok: false, message: `Add at most ${PHOTO_LIMITS.count} photos.` };
  for (const photo of photos) {
    if (photo.bytes.byteLength > PHOTO_LIMITS.bytes) return { ok: false, message: `${photo.filename} is larger than 5 MB.` };
    if (!sniffImageType(photo.bytes)) return { ok: false, message: `${photo.filename} is not a JPEG, PNG or WebP image.` };
  }
  return { ok: true };
}

/** A photo in Shopify Files, as a ReviewPhoto row keeps it. */
export interface StoredPhoto {
  fileId: string;
  url: string;
  altText: string;
}

/**
 * Uploads checked photos. submitReview calls this (as its storePhotos) only for a review that
 * passed every check, so a refused submission leaves nothing in the merchant's Files.
 */
export async function storeReviewPhotos(admin: AdminClient, photos: PhotoUpload[], authorName: string): Promise<StoredPhoto[]> {
  const stored: StoredPhoto[] = [];
  for (const [index, photo] of photos.entries()) {
    const altText = `Photo ${index + 1} by ${authorName}`.slice(0, 120);
    const safeName = photo.filename.replace(/[^\w.-]+/g, "_").slice(-80) || `photo-${index + 1}`;
    const uploaded = await uploadImageToFiles(admin, {
      filename: safeName,
      mimeType: sniffImageType(photo.bytes)!,
      bytes: photo.bytes,
      alt: altText,
    });
    stored.push({ fileId: uploaded.fileId, url: uploaded.url, altText });
  }
  return stored;
}
