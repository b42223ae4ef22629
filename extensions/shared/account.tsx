/** @jsxImportSource preact */
// What the customer-account extensions (the Rewards page, the profile and order-status blocks) share: the customer's loyalty data from the app, and how
// points and failures read in the customer's language.
import { useCallback, useEffect, useState } from "preact/hooks";
import type { AccountView } from "../../app/loyalty/account.server";
import { appRequest, type AppAnswer } from "./app-request";

export type { AccountView };

export type AccountState =
  | { status: "loading" }
  | { status: "failed"; message: string; reload: () => void }
  | { status: "ready"; view: AccountView; reload: () => void };

/** GET /extension-api/loyalty, loaded once and again on `reload` (after a redemption). */
export function useAccountView(): AccountState {
  const [answer, setAnswer] = useState<AppAnswer<AccountView> | null>(null);
  const reload = useCallback(() => {
    void appRequest<AccountView>(shopify, "/extension-api/loyalty").then(setAnswer);
  }, []);
  useEffect(reload, [reload]);
  if (!answer) return { status: "loading" };
  return answer.ok ? { status: "ready", view: answer.data, reload } : { status: "failed", message: failureText(answer), reload };
}

/** "1 point", "1,250 points" in the customer's language. */
export function points(count: number): string {
  return shopify.i18n.translate("points", { count, formatted: shopify.i18n.formatNumber(count) });
}

const KNOWN_REASONS = new Set([
  "not_enough_points",
  "not_a_member",
  "programme_off",
  "no_such_reward",
  "shopify_refused",
  "shopify_unreachable",
  "rate_limited",
  "logged_out",
]);

/** The failure in the customer's language: by the app's reason when it gives one, else by its status. */
export function failureText(answer: Extract<AppAnswer<unknown>, { ok: false }>): string {
  if (answer.reason && KNOWN_REASONS.has(answer.reason)) return shopify.i18n.translate(`errors.${answer.reason}`);
  if (answer.status === 401) return shopify.i18n.translate("errors.session");
  return shopify.i18n.translate("errors.unavailable");
}

export function ErrorBanner({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <s-banner tone="critical">
      <s-stack direction="block" gap="small-200">
        <s-text>{message}</s-text>
        <s-button onClick={onRetry}>{shopify.i18n.translate("retry")}</s-button>
      </s-stack>
    </s-banner>
  );
}
