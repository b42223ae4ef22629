// The per-topic rules of the webhook intake, against what Shopify publishes and what the app
// declares. The deliveries themselves are tested end to end in tests/integration/webhook-acceptance.test.ts.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readWebhookConfig } from "../../scripts/simulator/webhooks";
import { documentedSample } from "../../tests/fixtures/shopify-webhooks/samples";
import { TOPIC_RULES } from "./accept.server";

const subscribed = readWebhookConfig(path.resolve("shopify.app.toml"), "http://localhost:3000").subscriptions.flatMap(
  (subscription) => subscription.topics,
);

describe("TOPIC_RULES", () => {
  it("has a rule for exactly the topics shopify.app.toml subscribes to (anything else is refused)", () => {
    expect(Object.keys(TOPIC_RULES).sort()).toEqual([...new Set(subscribed)].sort());
  });

  it.each(subscribed)("Shopify's documented %s sample fits the topic's schema", (topic) => {
    const result = TOPIC_RULES[topic]!.schema.safeParse(documentedSample(topic));
    expect(result.success ? null : result.error.issues).toBeNull();
  });

  it("ties to their shop the bodies that name it, and only privacy duties run without an installation", () => {
    const tied = Object.entries(TOPIC_RULES)
      .filter(([, rule]) => rule.shopDomain)
      .map(([topic]) => topic);
    expect(tied.sort()).toEqual(["app/uninstalled", "customers/data_request", "customers/redact", "shop/redact"]);
    for (const topic of tied) {
      const sample = documentedSample(topic);
      // The samples leave the shop out ("{shop}.myshopify.com", or null in the Shop object); Shopify fills it in.
      expect(TOPIC_RULES[topic]!.shopDomain!(sample), topic).toBe(topic === "app/uninstalled" ? null : "{shop}.myshopify.com");
    }
    const privacy = Object.entries(TOPIC_RULES)
      .filter(([, rule]) => rule.privacy)
      .map(([topic]) => topic);
    expect(privacy.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });
});
