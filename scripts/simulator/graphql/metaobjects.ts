// Metaobjects: Shopify's standard definitions (enabled from their templates), metaobjectUpsert,
// metaobjectDelete, and the reads metaobjectByHandle and metaobjects. Arguments, payloads and
// error codes (MetaobjectUserErrorCode) are Shopify's schema's; the standard template is the one
// shopify.dev lists ("Standard metaobject definitions": names, types and which are required).
// Assumptions, where Shopify publishes nothing: the field keys (the documented names in
// snake_case), the Language field's type, the errors' messages and `field` paths, TAKEN for
// enabling a definition the shop has already, and an empty value clearing an optional field.
import { GraphQLError } from "graphql";
import { isoTimestamp } from "../common";
import { nextGid, type Metaobject, type MetaobjectDefinition, type MetaobjectFieldDefinition, type ShopState } from "../state";
import { paginate, type ConnectionArgs } from "./connection";
import type { AdminContext, ResolverModule, Root, TypeResolvers } from "./context";
import { jsonValue, valueError } from "./metafields";

/** Shopify's standard metaobject templates, by type (shopify.dev, "Standard metaobject definitions"). */
export const STANDARD_METAOBJECT_TEMPLATES: Record<string, { name: string; fieldDefinitions: MetaobjectFieldDefinition[] }> = {
  product_review: {
    name: "Product Review",
    fieldDefinitions: [
      { key: "rating", name: "Rating", type: "rating", required: true },
      { key: "title", name: "Title", type: "single_line_text_field", required: false },
      { key: "body", name: "Body", type: "multi_line_text_field", required: false },
      { key: "submitted_at", name: "Submitted At", type: "date_time", required: true },
      { key: "edited_at", name: "Edited At", type: "date_time", required: false },
      { key: "published_at", name: "Published At", type: "date_time", required: false },
      { key: "source", name: "Source", type: "single_line_text_field", required: true },
      { key: "author", name: "Author", type: "customer_reference", required: false },
      { key: "author_display_name", name: "Author display name", type: "single_line_text_field", required: false },
      { key: "order", name: "Order", type: "order_reference", required: false },
      { key: "product", name: "Product", type: "product_reference", required: false },
      { key: "product_variant", name: "Product Variant", type: "variant_reference", required: false },
      { key: "merchant_reply", name: "Merchant Reply", type: "multi_line_text_field", required: false },
      { key: "merchant_replied_at", name: "Merchant Replied At", type: "date_time", required: false },
      { key: "media_urls", name: "Media URLs", type: "list.url", required: false },
      { key: "language", name: "Language", type: "single_line_text_field", required: false },
    ],
  },
};

interface MetaobjectUserError {
  field: string[] | null;
  message: string;
  code: string;
  elementKey: string | null;
  elementIndex: number | null;
}

const userError = (code: string, message: string, field: string[] | null, elementKey: string | null = null): MetaobjectUserError => ({
  field,
  message,
  code,
  elementKey,
  elementIndex: null,
});

const definitions = (shop: ShopState) => (shop.metaobjectDefinitions ??= []);
const metaobjects = (shop: ShopState) => (shop.metaobjects ??= []);
const definitionOf = (shop: ShopState, type: string) => definitions(shop).find((definition) => definition.type === type);

// Lowercase letters, digits, hyphens and underscores, as handles Shopify generates look.
const HANDLE = /^[a-z0-9][a-z0-9_-]*$/;

function standardMetaobjectDefinitionEnable(_root: Root, { type }: { type: string }, ctx: AdminContext) {
  const template = STANDARD_METAOBJECT_TEMPLATES[type];
  if (!template)
    return { metaobjectDefinition: null, userErrors: [userError("RECORD_NOT_FOUND", "No standard definition with this type.", ["type"])] };
  if (definitionOf(ctx.shop, type))
    return { metaobjectDefinition: null, userErrors: [userError("TAKEN", "Type has already been taken.", ["type"])] };
  const definition: MetaobjectDefinition = {
    id: nextGid(ctx.state, "MetaobjectDefinition"),
    type,
    name: template.name,
    fieldDefinitions: template.fieldDefinitions.map((field) => ({ ...field })),
    createdAt: isoTimestamp(),
  };
  definitions(ctx.shop).push(definition);
  return { metaobjectDefinition: definition, userErrors: [] };
}

interface UpsertArgs {
  handle: { type: string; handle: string };
  metaobject?: { handle?: string | null; fields?: { key: string; value: string }[] | null; capabilities?: unknown } | null;
  values?: unknown;
}

/** The input's errors against the definition, or the metaobject's fields once the input is applied. */
function applyFields(
  definition: MetaobjectDefinition,
  current: Metaobject["fields"],
  inputs: { key: string; value: string }[],
): { errors: MetaobjectUserError[]; fields: Metaobject["fields"] } {
  const errors: MetaobjectUserError[] = [];
  const seen = new Set<string>();
  const fields = new Map(current.map((field) => [field.key, field.value]));
  for (const [index, input] of inputs.entries()) {
    const path = ["metaobject", "fields", String(index)];
    const fieldDefinition = definition.fieldDefinitions.find((candidate) => candidate.key === input.key);
    if (!fieldDefinition) {
      errors.push(userError("UNDEFINED_OBJECT_FIELD", `No field definition found for key '${input.key}'.`, path, input.key));
      continue;
    }
    if (seen.has(input.key)) {
      errors.push(userError("DUPLICATE_FIELD_INPUT", `Field '${input.key}' was given more than once.`, path, input.key));
      continue;
    }
    seen.add(input.key);
    if (input.value === "") {
      fields.delete(input.key);
      continue;
    }
    const problem = valueError(fieldDefinition.type, input.value);
    if (problem) errors.push(userError("INVALID_VALUE", problem.message, [...path, "value"], input.key));
    else fields.set(input.key, input.value);
  }
  for (const fieldDefinition of definition.fieldDefinitions) {
    if (fieldDefinition.required && !fields.has(fieldDefinition.key) && !errors.some((error) => error.elementKey === fieldDefinition.key))
      errors.push(
        userError("OBJECT_FIELD_REQUIRED", `${fieldDefinition.name} can't be blank.`, ["metaobject", "fields"], fieldDefinition.key),
      );
  }
  // Kept in the definition's order, as Shopify lists a metaobject's fields.
  const ordered = definition.fieldDefinitions.flatMap((field) =>
    fields.has(field.key) ? [{ key: field.key, value: fields.get(field.key)! }] : [],
  );
  return { errors, fields: ordered };
}

function metaobjectUpsert(_root: Root, { handle: target, metaobject: input, values }: UpsertArgs, ctx: AdminContext) {
  if (values !== undefined && values !== null) throw new GraphQLError("the simulator does not implement metaobjectUpsert(values:)");
  const refused = (error: MetaobjectUserError) => ({ metaobject: null, userErrors: [error] });
  const definition = definitionOf(ctx.shop, target.type);
  if (!definition) return refused(userError("UNDEFINED_OBJECT_TYPE", "No metaobject definition exists for type.", ["handle", "type"]));
  if (!HANDLE.test(target.handle)) return refused(userError("INVALID", "Handle is invalid.", ["handle", "handle"]));
  const existing = metaobjects(ctx.shop).find((candidate) => candidate.type === target.type && candidate.handle === target.handle);
  const newHandle = input?.handle ?? target.handle;
  if (!HANDLE.test(newHandle)) return refused(userError("INVALID", "Handle is invalid.", ["metaobject", "handle"]));
  const taken = metaobjects(ctx.shop).some((other) => other !== existing && other.type === target.type && other.handle === newHandle);
  if (taken) return refused(userError("TAKEN", "Handle has already been taken.", ["metaobject", "handle"]));
  const { errors, fields } = applyFields(definition, existing?.fields ?? [], input?.fields ?? []);
  if (errors.length > 0) return { metaobject: null, userErrors: errors };
  const now = isoTimestamp();
  if (existing) {
    Object.assign(existing, { handle: newHandle, fields, updatedAt: now });
    return { metaobject: existing, userErrors: [] };
  }
  const created: Metaobject = {
    id: nextGid(ctx.state, "Metaobject"),
    type: target.type,
    handle: newHandle,
    fields,
    createdAt: now,
    updatedAt: now,
  };
  metaobjects(ctx.shop).push(created);
  return { metaobject: created, userErrors: [] };
}

function metaobjectDelete(_root: Root, { id }: { id: string }, ctx: AdminContext) {
  const list = metaobjects(ctx.shop);
  const index = list.findIndex((candidate) => candidate.id === id);
  if (index === -1) return { deletedId: null, userErrors: [userError("RECORD_NOT_FOUND", "Record not found", ["id"])] };
  list.splice(index, 1);
  return { deletedId: id, userErrors: [] };
}

interface FieldSource {
  key: string;
  type: string;
  value: string | null;
}

function fieldSources(shop: ShopState, metaobject: Metaobject): FieldSource[] {
  const definition = definitionOf(shop, metaobject.type);
  return (definition?.fieldDefinitions ?? []).map((field) => ({
    key: field.key,
    type: field.type,
    value: metaobject.fields.find((candidate) => candidate.key === field.key)?.value ?? null,
  }));
}

const MetaobjectType: TypeResolvers<Metaobject> = {
  fields: (metaobject: Metaobject, _args: unknown, ctx: AdminContext) => fieldSources(ctx.shop, metaobject),
  field: (metaobject: Metaobject, { key }: { key: string }, ctx: AdminContext) =>
    fieldSources(ctx.shop, metaobject).find((field) => field.key === key) ?? null,
  definition: (metaobject: Metaobject, _args: unknown, ctx: AdminContext) => definitionOf(ctx.shop, metaobject.type),
  // A standard template names no display field in its docs: the handle stands in, as Shopify's fallback.
  displayName: (metaobject: Metaobject) => metaobject.handle,
};

const MetaobjectFieldType: TypeResolvers<FieldSource> = {
  jsonValue: (field: FieldSource) => (field.value === null ? null : jsonValue({ type: field.type, value: field.value })),
};

const MetaobjectDefinitionType: TypeResolvers<MetaobjectDefinition> = {
  metaobjectsCount: (definition: MetaobjectDefinition, _args: unknown, ctx: AdminContext) =>
    metaobjects(ctx.shop).filter((metaobject) => metaobject.type === definition.type).length,
};

export const metaobjectResolvers: ResolverModule = {
  fields: {
    Mutation: { standardMetaobjectDefinitionEnable, metaobjectUpsert, metaobjectDelete },
    QueryRoot: {
      metaobjectByHandle: (_root: Root, { handle }: { handle: { type: string; handle: string } }, ctx: AdminContext) =>
        metaobjects(ctx.shop).find((candidate) => candidate.type === handle.type && candidate.handle === handle.handle) ?? null,
      metaobjects: (
        _root: Root,
        args: ConnectionArgs & { type: string; query?: string | null; sortKey?: string | null },
        ctx: AdminContext,
      ) => {
        if (args.query || args.sortKey) throw new GraphQLError("the simulator does not implement metaobjects(query:, sortKey:)");
        const ofType = metaobjects(ctx.shop).filter((metaobject) => metaobject.type === args.type);
        return paginate(ofType, args, (metaobject) => metaobject.id);
      },
    },
    Metaobject: MetaobjectType,
    MetaobjectField: MetaobjectFieldType,
    MetaobjectDefinition: MetaobjectDefinitionType,
  },
};
