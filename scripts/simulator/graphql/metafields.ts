// Metafields: the HasMetafields fields every owner shares, metafieldsSet and metafieldsDelete.
import { createHash } from "node:crypto";
import { gidType, isoTimestamp, shopGid } from "../common";
import { nextGid, type Metafield } from "../state";
import { paginate, type ConnectionArgs } from "./connection";
import type { AdminContext, ResolverModule, Root, TypeResolvers } from "./context";
import { findDiscount, findNode } from "./nodes";

const MAX_METAFIELDS_PER_SET = 25;

/** "$app" and "$app:sub" are the calling app's reserved namespace; state stores the resolved form. */
function resolveNamespace(ctx: AdminContext, namespace: string | null | undefined): string {
  if (!namespace || namespace === "$app") return ctx.appNamespace;
  if (namespace.startsWith("$app:")) return `${ctx.appNamespace}--${namespace.slice("$app:".length)}`;
  return namespace;
}

/** Discount metafields are shared by the code/automatic node and the DiscountNode of the same number. */
function canonicalOwnerId(ctx: AdminContext, ownerId: string): string {
  return findDiscount(ctx.shop, ownerId)?.id ?? ownerId;
}

export function metafieldFields<Source>(ownerIdOf: (source: Source) => string): TypeResolvers<Source> {
  return {
    metafield: (source: Source, { namespace, key }: { namespace?: string | null; key: string }, ctx: AdminContext) => {
      const ownerId = canonicalOwnerId(ctx, ownerIdOf(source));
      const resolved = resolveNamespace(ctx, namespace);
      return ctx.shop.metafields.find((m) => m.ownerId === ownerId && m.namespace === resolved && m.key === key) ?? null;
    },
    metafields: (source: Source, args: ConnectionArgs & { namespace?: string | null; keys?: string[] | null }, ctx: AdminContext) => {
      const ownerId = canonicalOwnerId(ctx, ownerIdOf(source));
      const namespace = args.namespace == null ? null : resolveNamespace(ctx, args.namespace);
      // `keys` are "namespace.key" pairs.
      const keys = args.keys?.map((pair) => {
        const dot = pair.lastIndexOf(".");
        return `${resolveNamespace(ctx, pair.slice(0, dot))}.${pair.slice(dot + 1)}`;
      });
      const matching = ctx.shop.metafields.filter(
        (m) =>
          m.ownerId === ownerId && (namespace === null || m.namespace === namespace) && (!keys || keys.includes(`${m.namespace}.${m.key}`)),
      );
      return paginate(matching, args, (m) => m.id);
    },
  };
}

// ---------------------------------------------------------------- value validation

const REFERENCE_TYPES = [
  "collection_reference",
  "customer_reference",
  "file_reference",
  "metaobject_reference",
  "mixed_reference",
  "page_reference",
  "product_reference",
  "variant_reference",
];
const LISTABLE_TYPES = [
  "color",
  "date",
  "date_time",
  "dimension",
  "id",
  "link",
  "number_decimal",
  "number_integer",
  "rating",
  "single_line_text_field",
  "url",
  "volume",
  "weight",
  ...REFERENCE_TYPES,
];
const SCALAR_TYPES = [...LISTABLE_TYPES, "boolean", "json", "money", "multi_line_text_field", "rich_text_field"];
const LIST_TYPES = LISTABLE_TYPES.map((type) => `list.${type}`);
const VALID_TYPES = new Set([...SCALAR_TYPES, ...LIST_TYPES]);

const REFERENCE_GID_TYPES: Record<string, string[]> = {
  collection_reference: ["Collection"],
  customer_reference: ["Customer"],
  file_reference: ["MediaImage", "GenericFile", "Video"],
  metaobject_reference: ["Metaobject"],
  page_reference: ["Page"],
  product_reference: ["Product"],
  variant_reference: ["ProductVariant"],
};

function parseJson(value: string): { ok: true; parsed: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, parsed: JSON.parse(value) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** Returns Shopify's message for a value that does not fit its type, or null when it fits. */
function scalarValueError(type: string, value: string): string | null {
  switch (type) {
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line text string." : null;
    case "multi_line_text_field":
      return null;
    case "number_integer":
      return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in ISO 8601 format.";
    case "url":
      return /^(https?|mailto|sms|tel):/.test(value) ? null : "Value must be a valid URL.";
    case "color":
      return /^#[0-9a-fA-F]{6}$/.test(value) ? null : "Value must be a hex color code.";
    case "json": {
      const result = parseJson(value);
      return result.ok ? null : `Value is invalid JSON: ${result.message}.`;
    }
    case "rating": {
      const result = parseJson(value);
      if (!result.ok || typeof result.parsed !== "object" || result.parsed === null)
        return "Value must be a valid JSON object for type rating.";
      const { value: rating, scale_min: min, scale_max: max } = result.parsed as Record<string, unknown>;
      const numbers = [rating, min, max].map((part) => (typeof part === "string" || typeof part === "number" ? Number(part) : Number.NaN));
      if (numbers.some(Number.isNaN)) return "Value must contain value, scale_min and scale_max as decimals.";
      const [r, lo, hi] = numbers;
      if (lo >= hi) return "Value scale_min must be less than scale_max.";
      return r < lo || r > hi ? `Value must be between ${min} and ${max}.` : null;
    }
    default: {
      const gidTypes = REFERENCE_GID_TYPES[type];
      if (gidTypes)
        return gidTypes.includes(gidType(value) ?? "") ? null : `Value must be a valid ${type.replace("_reference", "")} reference.`;
      return null;
    }
  }
}

/** Shopify's message for a value that does not fit its metafield type (metaobject fields share the types). */
export function valueError(type: string, value: string): { message: string; elementIndex: number | null } | null {
  if (!type.startsWith("list.")) {
    const message = scalarValueError(type, value);
    return message ? { message, elementIndex: null } : null;
  }
  const result = parseJson(value);
  if (!result.ok || !Array.isArray(result.parsed)) return { message: "Value must be an array.", elementIndex: null };
  const itemType = type.slice("list.".length);
  for (const [index, item] of result.parsed.entries()) {
    const text = typeof item === "string" ? item : JSON.stringify(item);
    const message = scalarValueError(itemType, text);
    if (message) return { message, elementIndex: index };
  }
  return null;
}

function normalizeValue(type: string, value: string): string {
  // Shopify stores JSON re-serialized, so reading back returns compact JSON.
  return type === "json" ? JSON.stringify(JSON.parse(value)) : value;
}

export function jsonValue({ type, value }: Pick<Metafield, "type" | "value">): unknown {
  if (type === "number_integer") return Number(value);
  if (type === "boolean") return value === "true";
  if (
    type === "json" ||
    type === "rating" ||
    type === "dimension" ||
    type === "volume" ||
    type === "weight" ||
    type === "money" ||
    type.startsWith("list.")
  ) {
    return JSON.parse(value) as unknown;
  }
  return value;
}

function compareDigest(metafield: Metafield): string {
  return createHash("sha256").update(metafield.value).digest("hex");
}

const OWNER_TYPES: Record<string, string> = {
  Shop: "SHOP",
  Product: "PRODUCT",
  ProductVariant: "PRODUCTVARIANT",
  Customer: "CUSTOMER",
  Order: "ORDER",
  DiscountCodeNode: "DISCOUNT",
  DiscountAutomaticNode: "DISCOUNT",
  DiscountNode: "DISCOUNT",
};

// ---------------------------------------------------------------- mutations

interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

interface MetafieldsSetUserError {
  field: string[];
  message: string;
  code: string;
  elementIndex: number | null;
}

function validateSetInput(ctx: AdminContext, input: MetafieldsSetInput, index: number, namespace: string): MetafieldsSetUserError[] {
  const errors: MetafieldsSetUserError[] = [];
  const error = (field: string, code: string, message: string, elementIndex: number | null = null) =>
    errors.push({ field: ["metafields", String(index), field], code, message, elementIndex });

  const ownerType = gidType(input.ownerId);
  if (!ownerType || !(ownerType in OWNER_TYPES)) error("ownerId", "INVALID", "Owner type is not supported for metafields.");
  else if (!findNode(ctx, input.ownerId)) error("ownerId", "INVALID", "Owner does not exist.");

  if (namespace.length < 3) error("namespace", "TOO_SHORT", "Namespace is too short (minimum is 3 characters)");
  else if (namespace.length > 255) error("namespace", "TOO_LONG", "Namespace is too long (maximum is 255 characters)");
  else if (!/^[\w-]+$/.test(namespace)) error("namespace", "INVALID", "Namespace contains one or more invalid characters.");

  if (input.key.length < 2) error("key", "TOO_SHORT", "Key is too short (minimum is 2 characters)");
  else if (input.key.length > 64) error("key", "TOO_LONG", "Key is too long (maximum is 64 characters)");
  else if (!/^[\w-]+$/.test(input.key)) error("key", "INVALID", "Key contains one or more invalid characters.");

  if (!input.type) error("type", "BLANK", "Type can't be blank.");
  else if (!VALID_TYPES.has(input.type)) error("type", "INVALID_TYPE", `Type '${input.type}' is not a valid metafield type.`);
  else {
    const problem = valueError(input.type, input.value);
    if (problem) error("value", "INVALID_VALUE", problem.message, problem.elementIndex);
  }

  if (input.compareDigest !== undefined) {
    const existing = findMetafield(ctx, canonicalOwnerId(ctx, input.ownerId), namespace, input.key);
    const current = existing ? compareDigest(existing) : null;
    if (current !== input.compareDigest) {
      error(
        "compareDigest",
        "STALE_OBJECT",
        "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
      );
    }
  }
  return errors;
}

function findMetafield(ctx: AdminContext, ownerId: string, namespace: string, key: string): Metafield | undefined {
  return ctx.shop.metafields.find((m) => m.ownerId === ownerId && m.namespace === namespace && m.key === key);
}

function metafieldsSet(_root: Root, { metafields }: { metafields: MetafieldsSetInput[] }, ctx: AdminContext) {
  if (metafields.length > MAX_METAFIELDS_PER_SET) {
    return {
      metafields: null,
      userErrors: [
        {
          field: ["metafields"],
          code: "LESS_THAN_OR_EQUAL_TO",
          message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`,
          elementIndex: null,
        },
      ],
    };
  }
  const namespaces = metafields.map((input) => resolveNamespace(ctx, input.namespace));
  const userErrors = metafields.flatMap((input, index) => validateSetInput(ctx, input, index, namespaces[index]));
  // Atomic like Shopify: one bad input and nothing is written.
  if (userErrors.length > 0) return { metafields: null, userErrors };

  const now = isoTimestamp();
  const saved = metafields.map((input, index) => {
    const ownerId = canonicalOwnerId(ctx, input.ownerId);
    const type = input.type as string;
    const value = normalizeValue(type, input.value);
    const existing = findMetafield(ctx, ownerId, namespaces[index], input.key);
    if (existing) {
      Object.assign(existing, { type, value, updatedAt: now });
      return existing;
    }
    const created: Metafield = {
      id: nextGid(ctx.state, "Metafield"),
      ownerId,
      namespace: namespaces[index],
      key: input.key,
      type,
      value,
      updatedAt: now,
    };
    ctx.shop.metafields.push(created);
    return created;
  });
  return { metafields: saved, userErrors: [] };
}

interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

function metafieldsDelete(_root: Root, { metafields }: { metafields: MetafieldIdentifierInput[] }, ctx: AdminContext) {
  // A missing metafield is not an error: its slot in deletedMetafields is null.
  const deletedMetafields = metafields.map((identifier) => {
    const existing = findMetafield(
      ctx,
      canonicalOwnerId(ctx, identifier.ownerId),
      resolveNamespace(ctx, identifier.namespace),
      identifier.key,
    );
    if (!existing) return null;
    ctx.shop.metafields.splice(ctx.shop.metafields.indexOf(existing), 1);
    return { ownerId: identifier.ownerId, namespace: identifier.namespace, key: identifier.key };
  });
  return { deletedMetafields, userErrors: [] };
}

const MetafieldType: TypeResolvers<Metafield> = {
  jsonValue: (metafield: Metafield) => jsonValue(metafield),
  compareDigest: (metafield: Metafield) => compareDigest(metafield),
  ownerType: (metafield: Metafield) => OWNER_TYPES[gidType(metafield.ownerId) ?? ""],
  owner: (metafield: Metafield, _args: unknown, ctx: AdminContext) => findNode(ctx, metafield.ownerId),
};

export const metafieldResolvers: ResolverModule = {
  fields: {
    Mutation: { metafieldsSet, metafieldsDelete },
    Metafield: MetafieldType,
    Shop: metafieldFields(shopGid),
  },
};
