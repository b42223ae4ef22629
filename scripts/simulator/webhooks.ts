// Webhook delivery exactly as Shopify does it: a JSON POST signed with the app's API secret,
// to the URIs the app declares in shopify.app.toml, with retries keeping the webhook id.
import { createHmac, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readAppToml } from "../../app/shopify/app-config.server";
import { COMPLIANCE_TOPICS, grantsAny, webhookTopicScopes } from "./access-scopes";
import { isoTimestamp } from "./common";

const DEFAULT_WEBHOOK_API_VERSION = "2026-10";
const DELIVERY_TIMEOUT_MS = 5000; // Shopify gives up on a delivery after five seconds
const LOG_LIMIT = 200;

export interface WebhookSubscription {
  topics: string[];
  url: string;
}

export interface AppWebhookConfig {
  apiVersion: string;
  subscriptions: WebhookSubscription[];
}

interface TomlSubscription {
  topics?: unknown;
  compliance_topics?: unknown;
  uri?: unknown;
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/**
 * Reads [[webhooks.subscriptions]] from the app's TOML. Relative URIs are joined to the app URL as
 * the Shopify CLI does; Pub/Sub and EventBridge URIs are skipped because nothing here can receive them.
 */
export function readWebhookConfig(appConfigPath: string, appUrl: string): AppWebhookConfig {
  if (!existsSync(appConfigPath)) return { apiVersion: DEFAULT_WEBHOOK_API_VERSION, subscriptions: [] };
  const webhooks = readAppToml(appConfigPath).webhooks ?? {};
  const entries = Array.isArray(webhooks.subscriptions) ? (webhooks.subscriptions as TomlSubscription[]) : [];
  const subscriptions = entries.flatMap((entry) => {
    if (typeof entry.uri !== "string") return [];
    const url = entry.uri.startsWith("/") ? `${appUrl.replace(/\/+$/, "")}${entry.uri}` : entry.uri;
    if (!/^https?:\/\//.test(url)) return [];
    return [{ topics: [...stringList(entry.topics), ...stringList(entry.compliance_topics)], url }];
  });
  const apiVersion = typeof webhooks.api_version === "string" ? webhooks.api_version : DEFAULT_WEBHOOK_API_VERSION;
  return { apiVersion, subscriptions };
}

export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export interface DeliveryRequest {
  url: string;
  topic: string;
  shop: string;
  body: string;
  secret: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  apiVersion: string;
}

/** One POST with Shopify's headers; resolves to the HTTP status, rejects when nothing answered in time. */
export async function deliverWebhook(request: DeliveryRequest): Promise<number> {
  const response = await fetch(request.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": request.topic,
      "X-Shopify-Hmac-Sha256": signWebhook(request.body, request.secret),
      "X-Shopify-Shop-Domain": request.shop,
      "X-Shopify-Webhook-Id": request.webhookId,
      "X-Shopify-Event-Id": request.eventId,
      "X-Shopify-Triggered-At": request.triggeredAt,
      "X-Shopify-API-Version": request.apiVersion,
    },
    body: request.body,
    signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
  });
  await response.arrayBuffer(); // drain so the connection can be reused
  return response.status;
}

export interface WebhookDelivery {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string | null; // null: the app has no subscription for the topic, so nothing was sent
  apiVersion: string;
  triggeredAt: string;
  body: string;
  status: number | null; // null: not sent, or no HTTP answer (see error)
  error: string | null;
  attempts: number;
  lastAttemptAt: string;
  forged: boolean; // signed with a secret other than the app's
}

export interface SendOptions {
  shop: string;
  topic: string;
  payload: unknown;
  secret?: string; // sign with this instead of the app's secret, to test forged webhooks
}

export interface WebhookSenderOptions {
  appUrl: string;
  apiSecret: string;
  appConfigPath: string;
  /** The scopes a shop granted the app: Shopify delivers a topic only to an app whose scopes cover it. */
  grantedScopes(shop: string): readonly string[];
}

export class WebhookSender {
  /** Oldest first; capped so a long demo does not grow without bound. */
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly options: WebhookSenderOptions) {}

  config(): AppWebhookConfig {
    // Read on every send: the TOML may be edited (or created) while the simulator runs.
    return readWebhookConfig(this.options.appConfigPath, this.options.appUrl);
  }

  /** Sends the event to every subscription for its topic and returns the first delivery. */
  async send(options: SendOptions): Promise<WebhookDelivery> {
    const config = this.config();
    const urls = config.subscriptions.filter((subscription) => subscription.topics.includes(options.topic)).map((s) => s.url);
    const base = {
      eventId: randomUUID(),
      topic: options.topic,
      shop: options.shop,
      apiVersion: config.apiVersion,
      triggeredAt: new Date().toISOString(),
      body: JSON.stringify(options.payload),
    };
    // The TOML is read again on every send, so a topic added after install is checked here too:
    // Shopify would have refused that subscription, and sends nothing for it.
    const anyOf = urls.length > 0 && !COMPLIANCE_TOPICS.includes(options.topic) ? webhookTopicScopes(options.topic) : [];
    const refused = anyOf.length > 0 && !grantsAny(this.options.grantedScopes(options.shop), anyOf);
    if (urls.length === 0 || refused) {
      return this.record({
        ...base,
        webhookId: randomUUID(),
        url: null,
        status: null,
        error: refused
          ? `Shopify refused the subscription to ${options.topic}: it requires ${anyOf.join(" or ")}, which the app was not granted`
          : `No subscription for ${options.topic} in shopify.app.toml`,
        attempts: 0,
        lastAttemptAt: isoTimestamp(),
        forged: false,
      });
    }
    const deliveries = await Promise.all(
      urls.map(async (url) => {
        const delivery = this.record({
          ...base,
          webhookId: randomUUID(),
          url,
          status: null,
          error: null,
          attempts: 0,
          lastAttemptAt: "",
          forged: false,
        });
        await this.attempt(delivery, options.secret);
        return delivery;
      }),
    );
    return deliveries[0];
  }

  /** Sends a recorded delivery again with the same webhook id, body and timestamps, as Shopify's retries do. */
  async redeliver(webhookId: string, options: { secret?: string } = {}): Promise<WebhookDelivery> {
    const delivery = this.deliveries.find((candidate) => candidate.webhookId === webhookId);
    if (!delivery) throw new Error(`No webhook delivery ${webhookId}`);
    if (!delivery.url) throw new Error(`Webhook ${webhookId} had no subscription to deliver to`);
    await this.attempt(delivery, options.secret);
    return delivery;
  }

  private record(delivery: WebhookDelivery): WebhookDelivery {
    this.deliveries.push(delivery);
    if (this.deliveries.length > LOG_LIMIT) this.deliveries.splice(0, this.deliveries.length - LOG_LIMIT);
    return delivery;
  }

  private async attempt(delivery: WebhookDelivery, secret: string | undefined): Promise<void> {
    delivery.attempts += 1;
    delivery.lastAttemptAt = isoTimestamp();
    delivery.forged = secret !== undefined && secret !== this.options.apiSecret;
    try {
      delivery.status = await deliverWebhook({ ...delivery, url: delivery.url as string, secret: secret ?? this.options.apiSecret });
      delivery.error = null;
    } catch (error) {
      delivery.status = null;
      // fetch hides the network reason (ECONNREFUSED, timeout…) in `cause`.
      const cause =
        error instanceof Error && error.cause instanceof Error
          ? ` (${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message})`
          : "";
      delivery.error = error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error);
    }
  }
}
