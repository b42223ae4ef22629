/** @jsxImportSource preact */
// A block on the order's status page (customer-account.order-status.block.render): the points
// this order earned and when they become spendable, and, once it is delivered and something in
// it is not reviewed yet, a link to the signed review page for it.
import { useCallback, useEffect, useState } from "preact/hooks";
import type { OrderStatusView } from "../../../app/loyalty/account.server";
import { appRequest, type AppAnswer } from "../../shared/app-request";
import { ErrorBanner, failureText, points } from "../../shared/account";

export function OrderStatusBlock() {
  const { i18n } = shopify;
  const orderId = shopify.order.value?.id;
  const [answer, setAnswer] = useState<AppAnswer<OrderStatusView> | null>(null);
  const load = useCallback(() => {
    if (orderId) void appRequest<OrderStatusView>(shopify, `/extension-api/order?id=${encodeURIComponent(orderId)}`).then(setAnswer);
  }, [orderId]);
  useEffect(load, [load]);
  if (!orderId) return null;
  if (!answer) return <s-spinner accessibilityLabel={i18n.translate("loading")} />;
  if (!answer.ok) return <ErrorBanner message={failureText(answer)} onRetry={load} />;
  const { order, review_url: reviewUrl } = answer.data;
  if (!order && !reviewUrl) return null;
  return (
    <s-section heading={i18n.translate("order.heading")}>
      <s-stack direction="block" gap="small-200">
        {order && <s-text>{i18n.translate("order.earned", { points: points(order.points) })}</s-text>}
        {order?.available_at && (
          <s-text color="subdued">
            {i18n.translate("order.available", { date: i18n.formatDate(new Date(order.available_at), { dateStyle: "long" }) })}
          </s-text>
        )}
        {reviewUrl && (
          <s-button href={reviewUrl} target="_blank">
            {i18n.translate("order.review")}
          </s-button>
        )}
      </s-stack>
    </s-section>
  );
}
