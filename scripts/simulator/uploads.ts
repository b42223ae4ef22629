// Staged uploads (the targets stagedUploadsCreate returns and the endpoint that receives the
// bytes, shaped like Shopify's Google Cloud Storage targets) and the CDN URLs files are served at.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import sharp from "sharp";
import { stableNumber } from "./common";
import type { HttpResult } from "./http";
import { numericId, type ShopState, type SimulatorState, type StagedUpload } from "./state";

export interface StagedUploadRequest {
  filename: string;
  mimeType: string;
  resource: string;
  httpMethod: "POST" | "PUT";
}

export interface StagedTarget {
  url: string;
  resourceUrl: string;
  parameters: { name: string; value: string }[];
}

function sign(secret: string, key: string): string {
  return createHmac("sha256", secret).update(key).digest("hex");
}

function signatureMatches(secret: string, key: string, signature: string | null): boolean {
  const expected = Buffer.from(sign(secret, key));
  const given = Buffer.from(signature ?? "");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function createStagedTarget(shop: ShopState, request: StagedUploadRequest, baseUrl: string, secret: string): StagedTarget {
  const key = `tmp/${stableNumber(shop.domain)}/${request.resource.toLowerCase()}/${randomUUID()}/${encodeURIComponent(request.filename)}`;
  const resourceUrl = `${baseUrl}/staged-uploads/${key}`;
  const upload: StagedUpload = { resourceUrl, filename: request.filename, mimeType: request.mimeType, bytes: null };
  shop.stagedUploads.push(upload);
  const signature = sign(secret, key);
  if (request.httpMethod === "PUT") {
    // PUT targets carry the signature in the URL; the parameters become request headers.
    return {
      url: `${resourceUrl}?X-Goog-Signature=${signature}`,
      resourceUrl,
      parameters: [
        { name: "content_type", value: request.mimeType },
        { name: "acl", value: "private" },
      ],
    };
  }
  return {
    url: `${baseUrl}/staged-uploads`,
    resourceUrl,
    parameters: [
      { name: "Content-Type", value: request.mimeType },
      { name: "success_action_status", value: "201" },
      { name: "acl", value: "private" },
      { name: "key", value: key },
      { name: "x-goog-signature", value: signature },
    ],
  };
}

function findStagedUpload(state: SimulatorState, key: string): StagedUpload | undefined {
  for (const shop of state.shops.values()) {
    const upload = shop.stagedUploads.find((candidate) => candidate.resourceUrl.endsWith(`/staged-uploads/${key}`));
    if (upload) return upload;
  }
  return undefined;
}

function storageError(status: number, code: string, message: string): HttpResult {
  return {
    status,
    headers: { "content-type": "application/xml; charset=UTF-8" },
    body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

/** POST /staged-uploads with multipart/form-data (the form fields first, then `file`), as browsers and apps send it. */
export async function receivePostUpload(state: SimulatorState, secret: string, contentType: string, body: Buffer): Promise<HttpResult> {
  let form: FormData;
  try {
    form = await new Request("http://simulator.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return storageError(400, "InvalidArgument", "Expected a multipart/form-data body.");
  }
  const key = form.get("key");
  const file = form.get("file");
  if (typeof key !== "string" || !(file instanceof Blob))
    return storageError(400, "InvalidArgument", "The key and file fields are required.");
  const signature = form.get("x-goog-signature");
  if (!signatureMatches(secret, key, typeof signature === "string" ? signature : null)) {
    return storageError(403, "AccessDenied", "Invalid signature.");
  }
  const upload = findStagedUpload(state, key);
  if (!upload) return storageError(404, "NoSuchKey", "No staged upload target has this key.");
  upload.bytes = Buffer.from(await file.arrayBuffer());
  const declaredType = form.get("Content-Type");
  if (typeof declaredType === "string" && declaredType) upload.mimeType = declaredType;
  if (form.get("success_action_status") !== "201") return { status: 204 };
  return {
    status: 201,
    headers: { "content-type": "application/xml; charset=UTF-8", location: upload.resourceUrl },
    body: `<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${upload.resourceUrl}</Location><Key>${key}</Key></PostResponse>`,
  };
}

/** PUT /staged-uploads/{key}?X-Goog-Signature=... with the raw file as the body. */
export function receivePutUpload(
  state: SimulatorState,
  secret: string,
  key: string,
  signature: string | null,
  contentType: string,
  body: Buffer,
): HttpResult {
  if (!signatureMatches(secret, key, signature)) return storageError(403, "AccessDenied", "Invalid signature.");
  const upload = findStagedUpload(state, key);
  if (!upload) return storageError(404, "NoSuchKey", "No staged upload target has this key.");
  upload.bytes = body;
  if (contentType) upload.mimeType = contentType;
  return { status: 200 };
}

export function fileUrl(baseUrl: string, fileId: string, filename: string): string {
  return `${baseUrl}/cdn/shop/files/${numericId(fileId)}/${encodeURIComponent(filename)}`;
}

// Shopify's CDN resizes an image by the query parameters Liquid's image_url writes: width and height
// (at most 5760), crop (top, center, bottom, left, right), never enlarging past the original
// (https://shopify.dev/docs/api/liquid/filters/image_url); the storefront's review photos ask for
// their thumbnails this way (app/reviews/photo-urls.ts). Assumed: a size outside 1..5760 is refused.
const MAX_IMAGE_SIDE = 5760;
const CROP_POSITIONS = ["top", "center", "bottom", "left", "right"] as const;

function imageSide(query: URLSearchParams, name: "width" | "height"): number | undefined | null {
  const value = query.get(name);
  if (value === null) return undefined;
  const side = Number(value);
  return Number.isInteger(side) && side >= 1 && side <= MAX_IMAGE_SIDE ? side : null;
}

async function resizedImage(bytes: Buffer, query: URLSearchParams): Promise<Buffer | null> {
  const width = imageSide(query, "width");
  const height = imageSide(query, "height");
  if (width === null || height === null) return null;
  if (width === undefined && height === undefined) return bytes;
  const crop = CROP_POSITIONS.find((position) => position === query.get("crop"));
  // Without a crop the image fits inside the box; with one it fills the box, cut at that side.
  // rotate(): upright by the photo's EXIF orientation, which the resized copy no longer carries.
  return sharp(bytes)
    .rotate()
    .resize({ width, height, fit: crop ? "cover" : "inside", position: crop ?? "center", withoutEnlargement: true })
    .toBuffer();
}

/** GET /cdn/shop/files/{number}/{filename}: the bytes a fileCreate copied from its staged upload, images resized as asked. */
export async function serveFile(state: SimulatorState, fileNumber: number, query: URLSearchParams): Promise<HttpResult> {
  for (const shop of state.shops.values()) {
    const file = shop.files.find((candidate) => numericId(candidate.id) === fileNumber);
    if (file?.bytes) {
      const resizable = file.mimeType.startsWith("image/") && file.mimeType !== "image/svg+xml";
      const body = resizable ? await resizedImage(file.bytes, query) : file.bytes;
      if (!body) return { status: 400, headers: { "content-type": "text/plain" }, body: "Invalid image size" };
      return { status: 200, headers: { "content-type": file.mimeType, "cache-control": "public, max-age=31536000" }, body };
    }
  }
  return { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" };
}
