// The access scopes the simulated shops grant the app, and what Shopify requires for each field,
// type and webhook topic. Every requirement comes from Shopify's own introspection of the Admin
// API (app/shopify/schema/): `offline_scopes` for fields and types, the WebhookSubscriptionTopic
// enum's descriptions for topics. The scopes granted come from the app's shopify.app.toml, read at
// each install exactly as Shopify grants what `[access_scopes] scopes` lists.
import { existsSync } from "node:fs";
import { AuthScopes } from "@shopify/shopify-api";
import { getNamedType, isEnumType, isObjectType, type GraphQLNamedType } from "graphql";
import { readAppScopes } from "../../app/shopify/app-config.server";
import { adminSchema, readAdminIntrospection, type AccessRequirement } from "../../app/shopify/schema/introspection";
import type { AppWebhookConfig } from "./webhooks";

export type { AccessRequirement };

/** `[access_scopes] scopes` of the app's TOML, as Shopify grants them on install. */
export function readAccessScopes(appConfigPath: string): string[] {
  if (!existsSync(appConfigPath))
    throw new Error(`No app configuration at ${appConfigPath}: the simulator installs the app with the scopes it lists`);
  return readAppScopes(appConfigPath);
}

/**
 * Whether the granted scopes satisfy an any-of requirement. "Any scope that writes a resource also
 * grants read access to it" (https://shopify.dev/docs/api/usage/access-scopes, "How it works"):
 * Shopify's own library (AuthScopes) applies that rule.
 */
export function grantsAny(granted: readonly string[], anyOf: readonly string[]): boolean {
  const scopes = new AuthScopes([...granted]);
  return anyOf.some((scope) => scopes.has(scope));
}

/** Shopify's access requirement for a type ("Order") or a field ("QueryRoot.shopLocales"), if it lists one. */
export function accessRequirement(key: string): AccessRequirement | undefined {
  return readAdminIntrospection().access.get(key);
}

/**
 * What reading a value of this type requires: the type's own requirement, or for a connection or
 * edge, its node type's (QueryRoot.orders returns OrderConnection, which lists no scope, but every
 * node in it is an Order; Shopify refuses `products` itself, see accessDenied).
 */
export function typeRequirement(type: GraphQLNamedType): AccessRequirement | undefined {
  const own = accessRequirement(type.name);
  if (own || !isObjectType(type) || !/(Connection|Edge)$/.test(type.name)) return own;
  const fields = type.getFields();
  const inner = fields.nodes ?? fields.node;
  return inner ? accessRequirement(getNamedType(inner.type).name) : undefined;
}

// ---------------------------------------------------------------- webhook topics

/** GDPR topics every app must handle: declared as `compliance_topics`, they need no scope. */
export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"];

/**
 * The scopes a webhook topic requires (any one of them), from Shopify's description of the topic in
 * the WebhookSubscriptionTopic enum, e.g. ORDERS_PAID: "Requires at least one of the following
 * scopes: read_orders, read_marketplace_orders." and FULFILLMENT_EVENTS_CREATE: "Requires the
 * `read_fulfillments` scope." A topic whose description names no scope (app/uninstalled) needs none.
 * orders/paid is ORDERS_PAID: the enum value is the topic upper-cased with "/" as "_".
 */
export function webhookTopicScopes(topic: string): string[] {
  const topicEnum = adminSchema().getType("WebhookSubscriptionTopic");
  if (!isEnumType(topicEnum)) throw new Error("Shopify's schema has no WebhookSubscriptionTopic enum");
  const value = topicEnum.getValue(topic.replace(/\//g, "_").toUpperCase());
  if (!value) throw new Error(`${topic} is not a webhook topic of Shopify's Admin API: Shopify refuses to subscribe to it`);
  // Descriptions wrap lines anywhere, even inside the sentence naming the scopes.
  const description = (value.description ?? "").replace(/\s+/g, " ");
  const single = /Requires the `(\w+)` scope/.exec(description);
  if (single) return [single[1]];
  const anyOf = /Requires at least one of the following scopes: ([\w, ]+)\./.exec(description);
  if (anyOf) return anyOf[1].split(",").map((scope) => scope.trim());
  if (/\bscopes?\b/.test(description))
    throw new Error(`Cannot read the scopes ${topic} requires from Shopify's description: ${description}`);
  return [];
}

export interface RefusedSubscription {
  topic: string;
  anyOf: string[];
}

/** The subscribed topics Shopify would refuse because the granted scopes do not cover them. */
export function refusedSubscriptions(config: AppWebhookConfig, granted: readonly string[]): RefusedSubscription[] {
  const topics = new Set(config.subscriptions.flatMap((subscription) => subscription.topics));
  return [...topics]
    .filter((topic) => !COMPLIANCE_TOPICS.includes(topic))
    .map((topic) => ({ topic, anyOf: webhookTopicScopes(topic) }))
    .filter(({ anyOf }) => anyOf.length > 0 && !grantsAny(granted, anyOf));
}

/**
 * Refuses the subscriptions as Shopify refuses to create a webhook subscription the app's scopes do
 * not cover. The wording is the simulator's: Shopify answers in its CLI or API, not in one message.
 */
export function assertSubscriptionsAllowed(config: AppWebhookConfig, granted: readonly string[], appConfigPath: string): void {
  const refused = refusedSubscriptions(config, granted);
  if (refused.length === 0) return;
  const lines = refused.map(
    ({ topic, anyOf }) => `  ${topic} requires ${anyOf.length === 1 ? `the ${anyOf[0]} scope` : `one of the scopes ${anyOf.join(", ")}`}`,
  );
  throw new Error(
    `Shopify refuses these webhook subscriptions of ${appConfigPath}: [access_scopes] scopes (${granted.join(",") || "none"}) does not grant\n${lines.join("\n")}`,
  );
}
