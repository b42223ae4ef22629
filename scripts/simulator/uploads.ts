// Staged uploads (the targets stagedUploadsCreate returns and the endpoint that receives the
// bytes, shaped like Shopify's Google Cloud Storage targets) and the CDN URLs files are served at.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
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

/** GET /cdn/shop/files/{number}/{filename}: the bytes a fileCreate copied from its staged upload. */
export function serveFile(state: SimulatorState, fileNumber: number): HttpResult {
  for (const shop of state.shops.values()) {
    const file = shop.files.find((candidate) => numericId(candidate.id) === fileNumber);
    if (file?.bytes) {
      return { status: 200, headers: { "content-type": file.mimeType, "cache-control": "public, max-age=31536000" }, body: file.bytes };
    }
  }
  return { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" };
}
