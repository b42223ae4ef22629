// Themes: the themes query and OnlineStoreTheme.files (text bodies only; the simulator stores no binary assets).
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import type { Theme, ThemeFile } from "../state";
import { paginate, type ConnectionArgs } from "./connection";
import type { AdminContext, ResolverModule, Root } from "./context";

const MAX_FILENAMES = 50;

/** Shopify's filename patterns: `*` matches zero or more characters. */
function filenameMatcher(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

function themesQuery(_root: Root, args: ConnectionArgs & { roles?: Theme["role"][] | null; names?: string[] | null }, ctx: AdminContext) {
  const themes = (ctx.shop.themes ?? []).filter(
    (theme) =>
      (!args.roles || args.roles.includes(theme.role)) &&
      (!args.names || args.names.some((name) => filenameMatcher(name).test(theme.name))),
  );
  return paginate(themes, args, (theme) => theme.id);
}

function themeFiles(theme: Theme, args: { filenames?: string[] | null; first?: number | null; after?: string | null }) {
  if (args.filenames && args.filenames.length > MAX_FILENAMES)
    throw new GraphQLError(`At most ${MAX_FILENAMES} filenames can be specified.`);
  const patterns = args.filenames?.map(filenameMatcher);
  const files = theme.files.filter((file) => !patterns || patterns.some((pattern) => pattern.test(file.filename)));
  // Files have no numeric id: cursors use their position, as `paginate` expects a GID-like id.
  const ids = new Map(files.map((file, index) => [file, `gid://shopify/OnlineStoreThemeFile/${index + 1}`]));
  return paginate(files, { first: args.first ?? 50, after: args.after }, (file) => ids.get(file)!);
}

export const themeResolvers: ResolverModule = {
  fields: {
    QueryRoot: { themes: themesQuery },
    OnlineStoreTheme: { files: themeFiles },
    OnlineStoreThemeFile: {
      body: (file: ThemeFile) => ({ content: file.content }),
      contentType: (file: ThemeFile) => (file.filename.endsWith(".json") ? "application/json" : "text/plain"),
      size: (file: ThemeFile) => String(Buffer.byteLength(file.content)),
      checksumMd5: (file: ThemeFile) => createHash("md5").update(file.content).digest("hex"),
      createdAt: (file: ThemeFile) => file.updatedAt,
    },
  },
  abstractTypes: { OnlineStoreThemeFileBody: () => "OnlineStoreThemeFileBodyText" },
};
