/** @jsxImportSource preact */
// The thank-you page block (purchase.thank-you.block.render): the points this order earns and
// when they become spendable (from the app's ledger once the order is recorded, an estimate by
// the same rules before that), a sign-up prompt for guests, and the referral link for members.
import { useCallback, useEffect, useState } from "preact/hooks";
import type { ThankYouView } from "../../../app/loyalty/account.server";
import { appRequest, type AppAnswer } from "../../shared/app-request";

const points = (count: number) => shopify.i18n.translate("points", { count, formatted: shopify.i18n.formatNumber(count) });

// The Cost API gives amounts as numbers; the app reads decimal strings (0.1 + 0.2 must not reach it as 0.30000000000000004).
const decimal = (amount: number | undefined) => (amount ?? 0).toFixed(4);

/** The query the app's GET /extension-api/thank-you reads: the order and the checkout's amounts. */
function thankYouQuery(): string | null {
  const order = shopify.orderConfirmation.value?.order.id;
  const { subtotalAmount, totalShippingAmount, totalTaxAmount, totalAmount } = shopify.cost;
  if (!order || !subtotalAmount.value || !totalAmount.value) return null;
  return new URLSearchParams({
    order,
    currency: totalAmount.value.currencyCode,
    subtotal: decimal(subtotalAmount.value.amount),
    shipping: decimal(totalShippingAmount.value?.amount),
    tax: decimal(totalTaxAmount.value?.amount),
    total: decimal(totalAmount.value.amount),
  }).toString();
}

export function ThankYouBlock() {
  const { i18n } = shopify;
  const query = thankYouQuery();
  const [answer, setAnswer] = useState<AppAnswer<ThankYouView> | null>(null);
  const load = useCallback(() => {
    if (query) void appRequest<ThankYouView>(shopify, `/extension-api/thank-you?${query}`).then(setAnswer);
  }, [query]);
  useEffect(load, [load]);
  // Nothing to say without the order, while loading, or when the app cannot answer: the
  // thank-you page is the buyer's receipt, not the place for the app's errors.
  if (!query || !answer || !answer.ok || !answer.data.enabled) return null;
  const view = answer.data;
  return (
    <s-stack direction="block" gap="small-200">
      <s-heading>{i18n.translate("heading")}</s-heading>
      {view.order && view.order.points > 0 && (
        <s-text>
          {i18n.translate(view.order.estimated ? "earns" : "earned", { points: points(view.order.points) })}{" "}
          {view.order.available_at
            ? i18n.translate("availableOn", { date: i18n.formatDate(new Date(view.order.available_at), { dateStyle: "long" }) })
            : i18n.translate("availableNow")}
        </s-text>
      )}
      {!view.logged_in && (
        <s-text>{i18n.translate(view.signup_points > 0 ? "signupBonus" : "signup", { points: points(view.signup_points) })}</s-text>
      )}
      {view.referral_offered && <Referral percent={view.referral_discount_percent} />}
    </s-stack>
  );
}

function Referral({ percent }: { percent: number }) {
  const { i18n } = shopify;
  const [link, setLink] = useState<AppAnswer<{ url: string }> | "sending" | null>(null);
  const ask = async () => {
    setLink("sending");
    setLink(await appRequest<{ url: string }>(shopify, "/extension-api/thank-you", { method: "POST" }));
  };
  if (link && link !== "sending" && link.ok) {
    return (
      <s-stack direction="block" gap="small-100">
        <s-text>{i18n.translate("referral.share", { percent })}</s-text>
        <s-link href={link.data.url}>{link.data.url}</s-link>
      </s-stack>
    );
  }
  return (
    <s-stack direction="block" gap="small-100">
      <s-button variant="secondary" loading={link === "sending"} onClick={() => void ask()}>
        {i18n.translate("referral.get", { percent })}
      </s-button>
      {link && link !== "sending" && !link.ok && <s-text tone="critical">{i18n.translate("referral.failed")}</s-text>}
    </s-stack>
  );
}
