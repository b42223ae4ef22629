// Code and automatic discounts: node and union shapes, queries, and create/update/delete mutations.
import { GraphQLError } from "graphql";
import { formatMoney, fromCents, gidType, isoTimestamp, shopifyDecimal, toCents } from "../common";
import { discountStatus, findCodeDiscount, usageCount } from "../discount-rules";
import { nextGid, numericId, type Discount, type ShopState } from "../state";
import { paginate, type ConnectionArgs } from "./connection";
import type { AdminContext, ResolverModule, Root, TypeResolvers } from "./context";
import { metafieldFields } from "./metafields";
import { discountNodeSource, findDiscount, type DiscountNodeSource } from "./nodes";
import { filterByQuery, type SearchFields } from "./search";

// ---------------------------------------------------------------- reading

const TYPENAMES: Record<Discount["kind"], string> = {
  code_basic: "DiscountCodeBasic",
  code_free_shipping: "DiscountCodeFreeShipping",
  automatic_free_shipping: "DiscountAutomaticFreeShipping",
};

const NO_COMBINATIONS = { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false };

function money(shop: ShopState, amount: string) {
  return { amount: shopifyDecimal(amount), currencyCode: shop.currencyCode };
}

function summary(shop: ShopState, discount: Discount): string {
  const price = (amount: string) => formatMoney(shop.moneyFormat, amount);
  const parts: string[] = [];
  const value = discount.value;
  if (discount.kind === "code_basic" && value) {
    if (value.percentage !== undefined) parts.push(`${Math.round(value.percentage * 10000) / 100}% off entire order`);
    else parts.push(`${price(value.amount ?? "0")} off ${value.appliesOnEachItem ? "each item" : "entire order"}`);
  } else {
    const countries = discount.destinationCountryCodes;
    parts.push(countries === null ? "Free shipping for all countries" : `Free shipping to ${countries.join(", ")}`);
  }
  if (discount.minimumSubtotal !== null) parts.push(`Minimum purchase of ${price(discount.minimumSubtotal)}`);
  if (discount.customerIds !== null)
    parts.push(`For ${discount.customerIds.length} customer${discount.customerIds.length === 1 ? "" : "s"}`);
  if (discount.appliesOncePerCustomer) parts.push("One use per customer");
  if (discount.usageLimit !== null) parts.push(`Limit of ${discount.usageLimit} use${discount.usageLimit === 1 ? "" : "s"}`);
  return parts.join(" • ");
}

const customersOf = (discount: Discount, shop: ShopState) =>
  (discount.customerIds ?? []).flatMap((id) => shop.customers.filter((customer) => customer.id === id));

const common: TypeResolvers<Discount> = {
  status: (discount: Discount) => discountStatus(discount),
  summary: (discount: Discount, _args: unknown, ctx: AdminContext) => summary(ctx.shop, discount),
  minimumRequirement: (discount: Discount, _args: unknown, ctx: AdminContext) =>
    discount.minimumSubtotal === null
      ? null
      : { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(ctx.shop, discount.minimumSubtotal) },
  context: (discount: Discount, _args: unknown, ctx: AdminContext) =>
    discount.customerIds === null
      ? { __typename: "DiscountBuyerSelectionAll", all: "ALL" }
      : { __typename: "DiscountCustomers", customers: customersOf(discount, ctx.shop) },
  combinesWith: (discount: Discount) => discount.combinesWith ?? NO_COMBINATIONS,
  discountClasses: (discount: Discount) => (discount.kind === "code_basic" ? ["ORDER"] : ["SHIPPING"]),
};

const codeFields: TypeResolvers<Discount> = {
  asyncUsageCount: (discount: Discount, _args: unknown, ctx: AdminContext) => usageCount(ctx.shop, discount),
  codes: (discount: Discount, args: ConnectionArgs, ctx: AdminContext) => {
    const redeemCode = {
      id: `gid://shopify/DiscountRedeemCode/${numericId(discount.id)}`,
      code: discount.code,
      asyncUsageCount: usageCount(ctx.shop, discount),
    };
    return paginate([redeemCode], args, (code) => code.id);
  },
  codesCount: () => ({ count: 1, precision: "EXACT" }),
  customerSelection: (discount: Discount, _args: unknown, ctx: AdminContext) =>
    discount.customerIds === null
      ? { __typename: "DiscountCustomerAll", allCustomers: true }
      : { __typename: "DiscountCustomers", customers: customersOf(discount, ctx.shop) },
};

const destinationSelection = (discount: Discount) =>
  discount.destinationCountryCodes === null
    ? { __typename: "DiscountCountryAll", allCountries: true }
    : {
        __typename: "DiscountCountries",
        countries: discount.destinationCountryCodes,
        includeRestOfWorld: Boolean(discount.includeRestOfWorld),
      };

const DiscountCodeBasic: TypeResolvers<Discount> = {
  ...common,
  ...codeFields,
  customerGets: (discount: Discount, _args: unknown, ctx: AdminContext) => {
    const value = discount.value ?? {};
    return {
      value:
        value.percentage !== undefined
          ? { __typename: "DiscountPercentage", percentage: value.percentage }
          : {
              __typename: "DiscountAmount",
              amount: money(ctx.shop, value.amount ?? "0"),
              appliesOnEachItem: Boolean(value.appliesOnEachItem),
            },
      items: { __typename: "AllDiscountItems", allItems: true },
    };
  },
};

const DiscountCodeFreeShipping: TypeResolvers<Discount> = { ...common, ...codeFields, destinationSelection };
const DiscountAutomaticFreeShipping: TypeResolvers<Discount> = { ...common, destinationSelection };

const discountSearchFields: SearchFields<Discount> = {
  title: (d) => d.title,
  code: (d) => d.code,
  status: (d) => discountStatus(d).toLowerCase(),
  discount_type: (d) => (d.kind === "code_basic" ? (d.value?.percentage !== undefined ? "percentage" : "fixed_amount") : "free_shipping"),
  method: (d) => (d.kind === "automatic_free_shipping" ? "automatic" : "code"),
  starts_at: (d) => d.startsAt,
  ends_at: (d) => d.endsAt,
  id: (d) => numericId(d.id),
};

function listDiscounts(shop: ShopState, query: string | null | undefined, include: (discount: Discount) => boolean): Discount[] {
  return filterByQuery(shop.discounts.filter(include), query, discountSearchFields, (d) => [d.title, d.code ?? ""]).sort(
    (a, b) => numericId(a.id) - numericId(b.id),
  );
}

const isCode = (discount: Discount) => discount.kind !== "automatic_free_shipping";
type ListArgs = ConnectionArgs & { query?: string | null };

// ---------------------------------------------------------------- writing

interface CustomersInput {
  add?: string[] | null;
  remove?: string[] | null;
}

interface DiscountInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  context?: { all?: "ALL" | null; customers?: CustomersInput | null } | null;
  customerSelection?: { all?: boolean | null; customers?: CustomersInput | null } | null;
  customerGets?: {
    value?: {
      percentage?: number | null;
      discountAmount?: { amount?: string | number | null; appliesOnEachItem?: boolean | null } | null;
    } | null;
    items?: { all?: boolean | null } | null;
  } | null;
  minimumRequirement?: { subtotal?: { greaterThanOrEqualToSubtotal?: string | number | null } | null } | null;
  destination?: {
    all?: boolean | null;
    countries?: { add?: string[] | null; remove?: string[] | null; includeRestOfWorld?: boolean | null } | null;
  } | null;
  combinesWith?: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean } | null;
}

interface DiscountUserError {
  field: string[];
  code: string;
  message: string;
  extraInfo: null;
}

const INPUT_TYPES: Record<Discount["kind"], string> = {
  code_basic: "DiscountCodeBasicInput",
  code_free_shipping: "DiscountCodeFreeShippingInput",
  automatic_free_shipping: "DiscountAutomaticFreeShippingInput",
};

/** The inputs the simulator models, by path; a default value graphql-js filled in is no request. */
const MODELLED_INPUTS: Record<string, string[]> = {
  "": [
    "title",
    "code",
    "startsAt",
    "endsAt",
    "usageLimit",
    "appliesOncePerCustomer",
    "context",
    "customerSelection",
    "customerGets",
    "minimumRequirement",
    "destination",
    "combinesWith",
  ],
  context: ["all", "customers"],
  customerSelection: ["all", "customers"],
  customerGets: ["value", "items"],
  "customerGets.value": ["percentage", "discountAmount"],
  "customerGets.items": ["all"],
  minimumRequirement: ["subtotal"],
  combinesWith: ["orderDiscounts", "productDiscounts", "shippingDiscounts"],
};

/**
 * Shopify's discount inputs hold more than the simulator keeps (segments, markets, products,
 * quantities, tags...): an input it would drop answers an error naming it instead.
 */
function refuseUnmodelled(input: Record<string, unknown>, inputType: string, path = ""): void {
  const modelled = MODELLED_INPUTS[path];
  for (const [key, value] of Object.entries(input)) {
    const at = path ? `${path}.${key}` : key;
    if (value === null || value === undefined) continue;
    if (modelled && !modelled.includes(key)) throw new GraphQLError(`the simulator does not implement ${inputType}.${at}`);
    if (typeof value === "object" && !Array.isArray(value) && MODELLED_INPUTS[at])
      refuseUnmodelled(value as Record<string, unknown>, inputType, at);
  }
}

/** Applies input onto a draft; returns Shopify-style user errors (field paths start at the argument name). */
function applyInput(shop: ShopState, draft: Discount, input: DiscountInput, argument: string, creating: boolean): DiscountUserError[] {
  refuseUnmodelled(input as Record<string, unknown>, INPUT_TYPES[draft.kind]);
  const errors: DiscountUserError[] = [];
  const fail = (path: string[], code: string, message: string) =>
    errors.push({ field: [argument, ...path], code, message, extraInfo: null });
  const isCodeDiscount = draft.kind !== "automatic_free_shipping";

  if (input.title != null || creating) {
    if (!input.title?.trim()) fail(["title"], "BLANK", "Title can't be blank");
    else draft.title = input.title;
  }

  if (isCodeDiscount && (input.code != null || creating)) {
    const code = input.code?.trim() ?? "";
    const holder = code ? findCodeDiscount(shop, code) : undefined;
    if (!code) fail(["code"], "BLANK", "Code can't be blank");
    else if (code.length > 255) fail(["code"], "TOO_LONG", "Code is too long (maximum is 255 characters)");
    else if (/[\r\n]/.test(code)) fail(["code"], "INVALID", "Code cannot contain newline characters.");
    else if (holder && holder.id !== draft.id) fail(["code"], "TAKEN", "Code must be unique. Please try a different code.");
    else draft.code = code;
  }
  if (isCodeDiscount && input.usageLimit !== undefined) {
    if (input.usageLimit !== null && input.usageLimit < 1) fail(["usageLimit"], "GREATER_THAN", "Usage limit must be greater than 0");
    else draft.usageLimit = input.usageLimit;
  }
  if (isCodeDiscount && input.appliesOncePerCustomer != null) draft.appliesOncePerCustomer = input.appliesOncePerCustomer;

  const timestamp = (value: string, field: string) => {
    const parsed = Date.parse(value);
    if (Number.isNaN(parsed)) fail([field], "INVALID", `${field === "startsAt" ? "Starts at" : "Ends at"} is invalid`);
    return Number.isNaN(parsed) ? null : isoTimestamp(new Date(parsed));
  };
  if (input.startsAt != null) draft.startsAt = timestamp(input.startsAt, "startsAt") ?? draft.startsAt;
  else if (creating) fail(["startsAt"], "BLANK", "Starts at can't be blank");
  if (input.endsAt !== undefined) draft.endsAt = input.endsAt === null ? null : timestamp(input.endsAt, "endsAt");
  if (draft.endsAt && draft.startsAt && Date.parse(draft.endsAt) <= Date.parse(draft.startsAt)) {
    fail(["endsAt"], "INVALID", "Ends at needs to be after starts_at");
  }

  if (input.context && input.customerSelection) {
    fail(["context"], "CONFLICT", "Only one of context or customerSelection can be provided.");
  } else if (input.context || input.customerSelection) {
    const path = input.context ? "context" : "customerSelection";
    const selection = input.context ?? input.customerSelection;
    const all = input.context ? input.context.all === "ALL" : input.customerSelection?.all === true;
    if (all) draft.customerIds = null;
    else if (selection?.customers) {
      const unknown = (selection.customers.add ?? []).filter((id) => !shop.customers.some((customer) => customer.id === id));
      if (unknown.length > 0) fail([path, "customers", "add"], "INVALID", `Customers not found: ${unknown.join(", ")}`);
      const removed = new Set(selection.customers.remove ?? []);
      draft.customerIds = [...new Set([...(draft.customerIds ?? []), ...(selection.customers.add ?? [])])].filter((id) => !removed.has(id));
    } else fail([path], "BLANK", "Context can't be blank");
  } else if (creating && isCodeDiscount) {
    fail(["context"], "BLANK", "Context can't be blank");
  }

  if (draft.kind === "code_basic") {
    const gets = input.customerGets;
    if (gets?.value) {
      const { percentage, discountAmount } = gets.value;
      if (percentage != null && discountAmount != null) {
        fail(["customerGets", "value"], "CONFLICT", "Only one of percentage or discountAmount can be provided.");
      } else if (percentage != null) {
        if (percentage <= 0 || percentage > 1)
          fail(["customerGets", "value", "percentage"], "VALUE_OUTSIDE_RANGE", "Value must be between 0.0 and 1.0");
        else draft.value = { percentage };
      } else if (discountAmount?.amount != null && toCents(discountAmount.amount) > 0) {
        draft.value = { amount: fromCents(toCents(discountAmount.amount)), appliesOnEachItem: Boolean(discountAmount.appliesOnEachItem) };
      } else {
        fail(["customerGets", "value"], "GREATER_THAN", "Value must be greater than 0");
      }
    } else if (creating) fail(["customerGets", "value"], "BLANK", "Value can't be blank");
    // Only "all items" is modelled; product and collection targeting are not in the simulator's schema.
    if ((gets?.items || creating) && gets?.items?.all !== true) fail(["customerGets", "items"], "BLANK", "Items can't be blank");
  }

  if (input.minimumRequirement !== undefined) {
    const subtotal = input.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal;
    if (subtotal != null && toCents(subtotal) <= 0) {
      fail(["minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"], "GREATER_THAN", "Minimum subtotal must be greater than 0");
    } else draft.minimumSubtotal = subtotal == null ? null : fromCents(toCents(subtotal));
  }

  if (draft.kind !== "code_basic" && input.destination) {
    const { all, countries } = input.destination;
    if (all) {
      draft.destinationCountryCodes = null;
      draft.includeRestOfWorld = false;
    } else if (countries) {
      const removed = new Set(countries.remove ?? []);
      const codes = [...new Set([...(draft.destinationCountryCodes ?? []), ...(countries.add ?? [])])].filter((code) => !removed.has(code));
      if (codes.length === 0 && !countries.includeRestOfWorld) fail(["destination", "countries"], "BLANK", "Countries can't be blank");
      draft.destinationCountryCodes = codes;
      draft.includeRestOfWorld = countries.includeRestOfWorld ?? draft.includeRestOfWorld ?? false;
    } else fail(["destination"], "BLANK", "Destination can't be blank");
  }

  if (input.combinesWith) draft.combinesWith = { ...input.combinesWith };
  return errors;
}

function newDraft(kind: Discount["kind"]): Discount {
  return {
    id: "",
    kind,
    title: "",
    code: null,
    status: "ACTIVE",
    startsAt: "",
    endsAt: null,
    usageLimit: null,
    appliesOncePerCustomer: false,
    customerIds: null, // all buyers until a context says otherwise
    value: null,
    minimumSubtotal: null,
    destinationCountryCodes: null,
    createdAt: isoTimestamp(),
    combinesWith: { ...NO_COMBINATIONS },
  };
}

function create(
  ctx: AdminContext,
  kind: Discount["kind"],
  argument: string,
  input: DiscountInput,
): { discount: Discount | null; userErrors: DiscountUserError[] } {
  const draft = newDraft(kind);
  const userErrors = applyInput(ctx.shop, draft, input, argument, true);
  if (userErrors.length > 0) return { discount: null, userErrors };
  draft.id = nextGid(ctx.state, kind === "automatic_free_shipping" ? "DiscountAutomaticNode" : "DiscountCodeNode");
  draft.status = discountStatus(draft);
  ctx.shop.discounts.push(draft);
  return { discount: draft, userErrors };
}

function remove(ctx: AdminContext, id: string, nodeType: string): { deletedId: string | null; userErrors: DiscountUserError[] } {
  const discount = gidType(id) === nodeType ? findDiscount(ctx.shop, id) : undefined;
  if (!discount)
    return { deletedId: null, userErrors: [{ field: ["id"], code: "INVALID", message: "Discount does not exist", extraInfo: null }] };
  ctx.shop.discounts.splice(ctx.shop.discounts.indexOf(discount), 1);
  return { deletedId: id, userErrors: [] };
}

const Mutation: TypeResolvers<Root> = {
  discountCodeBasicCreate: (_root: Root, { basicCodeDiscount }: { basicCodeDiscount: DiscountInput }, ctx: AdminContext) => {
    const { discount, userErrors } = create(ctx, "code_basic", "basicCodeDiscount", basicCodeDiscount);
    return { codeDiscountNode: discount, userErrors };
  },
  discountCodeFreeShippingCreate: (
    _root: Root,
    { freeShippingCodeDiscount }: { freeShippingCodeDiscount: DiscountInput },
    ctx: AdminContext,
  ) => {
    const { discount, userErrors } = create(ctx, "code_free_shipping", "freeShippingCodeDiscount", freeShippingCodeDiscount);
    return { codeDiscountNode: discount, userErrors };
  },
  discountAutomaticFreeShippingCreate: (
    _root: Root,
    { freeShippingAutomaticDiscount }: { freeShippingAutomaticDiscount: DiscountInput },
    ctx: AdminContext,
  ) => {
    const { discount, userErrors } = create(ctx, "automatic_free_shipping", "freeShippingAutomaticDiscount", freeShippingAutomaticDiscount);
    return { automaticDiscountNode: discount, userErrors };
  },
  discountAutomaticFreeShippingUpdate: (
    _root: Root,
    { id, freeShippingAutomaticDiscount }: { id: string; freeShippingAutomaticDiscount: DiscountInput },
    ctx: AdminContext,
  ) => {
    const existing = gidType(id) === "DiscountAutomaticNode" ? findDiscount(ctx.shop, id) : undefined;
    if (!existing || existing.kind !== "automatic_free_shipping") {
      return {
        automaticDiscountNode: null,
        userErrors: [{ field: ["id"], code: "INVALID", message: "Discount does not exist", extraInfo: null }],
      };
    }
    // Validate on a copy so a rejected update leaves the discount untouched.
    const draft = structuredClone(existing);
    const userErrors = applyInput(ctx.shop, draft, freeShippingAutomaticDiscount, "freeShippingAutomaticDiscount", false);
    if (userErrors.length > 0) return { automaticDiscountNode: null, userErrors };
    Object.assign(existing, draft, { status: discountStatus(draft) });
    return { automaticDiscountNode: existing, userErrors };
  },
  discountCodeDelete: (_root: Root, { id }: { id: string }, ctx: AdminContext) => {
    const { deletedId, userErrors } = remove(ctx, id, "DiscountCodeNode");
    return { deletedCodeDiscountId: deletedId, userErrors };
  },
  discountAutomaticDelete: (_root: Root, { id }: { id: string }, ctx: AdminContext) => {
    const { deletedId, userErrors } = remove(ctx, id, "DiscountAutomaticNode");
    return { deletedAutomaticDiscountId: deletedId, userErrors };
  },
};

const QueryRoot: TypeResolvers<Root> = {
  codeDiscountNode: (_root: Root, { id }: { id: string }, ctx: AdminContext) =>
    (gidType(id) === "DiscountCodeNode" && findDiscount(ctx.shop, id)) || null,
  codeDiscountNodeByCode: (_root: Root, { code }: { code: string }, ctx: AdminContext) => findCodeDiscount(ctx.shop, code) ?? null,
  codeDiscountNodes: (_root: Root, args: ListArgs, ctx: AdminContext) =>
    paginate(listDiscounts(ctx.shop, args.query, isCode), args, (d) => d.id),
  automaticDiscountNode: (_root: Root, { id }: { id: string }, ctx: AdminContext) =>
    (gidType(id) === "DiscountAutomaticNode" && findDiscount(ctx.shop, id)) || null,
  automaticDiscountNodes: (_root: Root, args: ListArgs, ctx: AdminContext) =>
    paginate(
      listDiscounts(ctx.shop, args.query, (d) => !isCode(d)),
      args,
      (d) => d.id,
    ),
  discountNode: (_root: Root, { id }: { id: string }, ctx: AdminContext) => {
    const discount = findDiscount(ctx.shop, id);
    return discount ? discountNodeSource(discount) : null;
  },
  discountNodes: (_root: Root, args: ListArgs, ctx: AdminContext) =>
    paginate(listDiscounts(ctx.shop, args.query, () => true).map(discountNodeSource), args, (node) => node.id),
};

const typenameOfDiscount = (discount: Discount) => TYPENAMES[discount.kind];

export const discountResolvers: ResolverModule = {
  fields: {
    QueryRoot,
    Mutation,
    DiscountCodeNode: { codeDiscount: (discount: Discount) => discount, ...metafieldFields<Discount>((d) => d.id) },
    DiscountAutomaticNode: { automaticDiscount: (discount: Discount) => discount, ...metafieldFields<Discount>((d) => d.id) },
    DiscountNode: metafieldFields<DiscountNodeSource>((node) => node.discount.id),
    DiscountCodeBasic,
    DiscountCodeFreeShipping,
    DiscountAutomaticFreeShipping,
  },
  abstractTypes: { DiscountCode: typenameOfDiscount, DiscountAutomatic: typenameOfDiscount, Discount: typenameOfDiscount },
};
