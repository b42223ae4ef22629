// Files: stagedUploadsCreate, fileCreate, the files query and the MediaImage/GenericFile types.
import { extname } from "node:path";
import { GraphQLError } from "graphql";
import { gidType, isoTimestamp } from "../common";
import { nextGid, numericId, type StoredFile } from "../state";
import { createStagedTarget, fileUrl, type StagedUploadRequest } from "../uploads";
import { paginate, type ConnectionArgs } from "./connection";
import type { AdminContext, ResolverModule, Root, TypeResolvers } from "./context";
import { filterByQuery } from "./search";

/**
 * Shopify processes a new file asynchronously: the fileCreate response reports UPLOADED with no
 * image yet, and later reads report READY. The simulator finishes processing at once, so only
 * the mutation's own response shows the in-flight state; apps must still poll, as with Shopify.
 */
type FileSource = StoredFile & { processing?: boolean };

const MIME_BY_EXTENSION: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
  ".pdf": "application/pdf",
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".json": "application/json",
};

const filenameOf = (file: StoredFile) => decodeURIComponent(file.url.split("/").pop()?.split("?")[0] ?? "");

interface FileCreateInput {
  alt?: string | null;
  contentType?: "EXTERNAL_VIDEO" | "FILE" | "IMAGE" | "MODEL_3D" | "VIDEO" | null;
  filename?: string | null;
  originalSource: string;
}

interface FilesUserError {
  field: string[];
  code: string;
  message: string;
}

function prepareFile(ctx: AdminContext, input: FileCreateInput, index: number): StoredFile | FilesUserError {
  const error = (field: string, code: string, message: string): FilesUserError => ({
    field: ["files", String(index), field],
    code,
    message,
  });
  const staged = ctx.shop.stagedUploads.find((upload) => upload.resourceUrl === input.originalSource);
  const ownTarget = input.originalSource.startsWith(`${ctx.baseUrl}/staged-uploads/`);
  if ((ownTarget && !staged) || (staged && !staged.bytes)) {
    return error("originalSource", "FILE_DOES_NOT_EXIST", "No file was uploaded to this staged upload target.");
  }
  if (!staged && !/^https?:\/\//.test(input.originalSource))
    return error("originalSource", "INVALID", "Original source must be a staged upload URL or an external URL.");
  if (input.contentType && input.contentType !== "IMAGE" && input.contentType !== "FILE") {
    throw new GraphQLError(`the simulator does not implement fileCreate with contentType ${input.contentType}`);
  }
  const filename = input.filename ?? staged?.filename ?? decodeURIComponent(new URL(input.originalSource).pathname.split("/").pop() ?? "");
  if (!filename) return error("filename", "INVALID_FILENAME", "Filename is invalid.");
  const mimeType = staged?.mimeType ?? MIME_BY_EXTENSION[extname(filename).toLowerCase()] ?? "application/octet-stream";
  const isImage = input.contentType ? input.contentType === "IMAGE" : mimeType.startsWith("image/");
  // Assumed: Shopify refuses an IMAGE that is not one with UNACCEPTABLE_ASSET, worded as that code's
  // description in the schema ("The file type is not supported.").
  if (isImage && !mimeType.startsWith("image/")) return error("contentType", "UNACCEPTABLE_ASSET", "The file type is not supported.");
  const id = nextGid(ctx.state, isImage ? "MediaImage" : "GenericFile");
  return {
    id,
    alt: input.alt ?? "",
    // Staged bytes are served by the simulator; an external source cannot be fetched offline, so it is kept as is.
    url: staged ? fileUrl(ctx.baseUrl, id, filename) : input.originalSource,
    mimeType,
    createdAt: isoTimestamp(),
    bytes: staged?.bytes ?? undefined,
  };
}

function fileCreate(_root: Root, { files }: { files: FileCreateInput[] }, ctx: AdminContext) {
  const prepared = files.map((input, index) => prepareFile(ctx, input, index));
  const userErrors = prepared.filter((entry): entry is FilesUserError => "code" in entry);
  if (userErrors.length > 0) return { files: null, userErrors };
  const created = prepared as StoredFile[];
  ctx.shop.files.push(...created);
  return { files: created.map((file): FileSource => ({ ...file, processing: true })), userErrors: [] };
}

function stagedUploadsCreate(_root: Root, { input }: { input: StagedUploadRequest[] }, ctx: AdminContext) {
  const userErrors = input.flatMap((request, index) =>
    request.filename.trim() ? [] : [{ field: ["input", String(index), "filename"], message: "Filename can't be blank" }],
  );
  if (userErrors.length > 0) return { stagedTargets: null, userErrors };
  return { stagedTargets: input.map((request) => createStagedTarget(ctx.shop, request, ctx.baseUrl, ctx.uploadSecret)), userErrors: [] };
}

function filesQuery(_root: Root, args: ConnectionArgs & { query?: string | null }, ctx: AdminContext) {
  const matching = filterByQuery(
    ctx.shop.files,
    args.query,
    {
      id: (file) => numericId(file.id),
      filename: filenameOf,
      media_type: (file) => (gidType(file.id) === "MediaImage" ? "IMAGE" : "GENERIC_FILE"),
      status: () => "ready",
      created_at: (file) => file.createdAt,
    },
    (file) => [filenameOf(file), file.alt],
  );
  return paginate(
    matching.sort((a, b) => numericId(a.id) - numericId(b.id)),
    args,
    (file) => file.id,
  );
}

const fileFields: TypeResolvers<FileSource> = {
  updatedAt: (file: FileSource) => file.createdAt,
  fileStatus: (file: FileSource) => (file.processing ? "UPLOADED" : "READY"),
  fileErrors: () => [],
};

const imageOf = (file: FileSource) =>
  file.processing
    ? null
    : { id: `gid://shopify/ImageSource/${numericId(file.id)}`, url: file.url, altText: file.alt, width: null, height: null };

/** The Media interface's fields: product media and image files are the same MediaImage in Shopify. */
const mediaFields: TypeResolvers<FileSource> = {
  mediaContentType: () => "IMAGE",
  status: (file: FileSource) => (file.processing ? "UPLOADED" : "READY"),
  preview: (file: FileSource) => ({ image: imageOf(file), status: file.processing ? "UPLOADED" : "READY" }),
  mediaErrors: () => [],
  mediaWarnings: () => [],
};

export const fileResolvers: ResolverModule = {
  fields: {
    QueryRoot: { files: filesQuery },
    Mutation: { stagedUploadsCreate, fileCreate },
    MediaImage: {
      ...fileFields,
      ...mediaFields,
      image: imageOf,
    },
    GenericFile: {
      ...fileFields,
      url: (file: FileSource) => (file.processing ? null : file.url),
      originalFileSize: (file: FileSource) => file.bytes?.length ?? null,
    },
  },
};
