/** @jsxImportSource preact */
// The Rewards page in the customer's account (customer-account.page.render): balance, pending
// points and when they become spendable, tier, the rewards to redeem (confirmed first), the
// customer's codes, the ledger's latest entries, the referral link and the birthday. Everything
// comes from the app's GET /extension-api/loyalty; redeeming, the birthday and the referral link
// go through POST /extension-api/loyalty under the storefront's rules and rate limits.
import { useState } from "preact/hooks";
import type { StorefrontReward } from "../../../app/loyalty/storefront.server";
import { appRequest } from "../../shared/app-request";
import { ErrorBanner, failureText, points, useAccountView, type AccountView } from "../../shared/account";

export function RewardsPage() {
  const { i18n } = shopify;
  const account = useAccountView();
  if (account.status === "loading")
    return (
      <s-page heading={i18n.translate("rewards.title")}>
        <s-spinner accessibilityLabel={i18n.translate("loading")} />
      </s-page>
    );
  if (account.status === "failed") {
    return (
      <s-page heading={i18n.translate("rewards.title")}>
        <ErrorBanner message={account.message} onRetry={account.reload} />
      </s-page>
    );
  }
  const { view } = account;
  return (
    <s-page heading={i18n.translate("rewards.title")}>
      {!view.program.enabled ? (
        <s-banner tone="info">{i18n.translate("rewards.paused")}</s-banner>
      ) : (
        <s-stack direction="block" gap="base">
          <Balance view={view} />
          <Catalogue view={view} onRedeemed={account.reload} />
          <MyCodes view={view} />
          <History view={view} />
          {view.member && <Referral />}
          {view.member && !view.member.birthday_set && <Birthday onSaved={account.reload} />}
        </s-stack>
      )}
    </s-page>
  );
}

function Balance({ view }: { view: AccountView }) {
  const { i18n } = shopify;
  const { member } = view;
  if (!member) {
    return (
      <s-section heading={i18n.translate("rewards.balance.heading")}>
        <s-paragraph>{i18n.translate("rewards.balance.none")}</s-paragraph>
        <s-paragraph>
          {i18n.translate("rewards.balance.howToEarn", {
            points: points(view.program.points_per_unit),
            amount: i18n.formatCurrency(1, { currency: view.program.currency }),
          })}
        </s-paragraph>
      </s-section>
    );
  }
  return (
    <s-section heading={i18n.translate("rewards.balance.heading")}>
      <s-stack direction="block" gap="small-200">
        <s-heading>{points(member.balance)}</s-heading>
        {member.pending > 0 && (
          <s-text color="subdued">{i18n.translate("rewards.balance.pending", { points: points(member.pending) })}</s-text>
        )}
        {view.pending_releases.map((release) => (
          <s-text key={release.available_at}>
            {i18n.translate("rewards.balance.release", {
              points: points(release.points),
              order: release.order_name ?? "",
              date: i18n.formatDate(new Date(release.available_at), { dateStyle: "long" }),
            })}
          </s-text>
        ))}
        {member.tier && <s-badge>{i18n.translate("rewards.tier.current", { tier: member.tier.name })}</s-badge>}
        {member.next_tier && (
          <s-text>
            {i18n.translate(member.next_tier.basis === "points" ? "rewards.tier.nextPoints" : "rewards.tier.nextSpend", {
              remaining: i18n.formatNumber(member.next_tier.remaining),
              tier: member.next_tier.name,
            })}
          </s-text>
        )}
      </s-stack>
    </s-section>
  );
}

type Redeeming = { reward: StorefrontReward; phase: "confirm" | "sending" } | null;

interface StoreCredit {
  amount: string;
  /** Always set with the amount; typed as the database column is. */
  currency: string | null;
}

/** The app's answer to a redemption: a code, or store credit added to the customer's account. */
type RedeemAnswer = { reward: { name: string } } & ({ code: string } | { store_credit: StoreCredit });
type Redeemed = { reward: string; code: string } | { reward: string; credit: StoreCredit };

const redeemed = (answer: RedeemAnswer): Redeemed =>
  "code" in answer ? { reward: answer.reward.name, code: answer.code } : { reward: answer.reward.name, credit: answer.store_credit };

const money = ({ amount, currency }: StoreCredit) =>
  currency ? shopify.i18n.formatCurrency(Number(amount), { currency }) : shopify.i18n.formatNumber(Number(amount));

function Catalogue({ view, onRedeemed }: { view: AccountView; onRedeemed: () => void }) {
  const { i18n } = shopify;
  const [redeeming, setRedeeming] = useState<Redeeming>(null);
  const [outcome, setOutcome] = useState<Redeemed | { error: string } | null>(null);
  if (view.rewards.length === 0) return null;

  const confirm = async (reward: StorefrontReward) => {
    setRedeeming({ reward, phase: "sending" });
    const answer = await appRequest<RedeemAnswer>(shopify, "/extension-api/loyalty", {
      method: "POST",
      body: { intent: "redeem", rewardId: reward.id, confirmed: "yes" },
    });
    setRedeeming(null);
    setOutcome(answer.ok ? redeemed(answer.data) : { error: failureText(answer) });
    if (answer.ok) onRedeemed();
  };

  return (
    <s-section heading={i18n.translate("rewards.catalogue.heading")}>
      <s-stack direction="block" gap="base">
        {outcome && "code" in outcome && (
          <s-banner tone="success" heading={i18n.translate("rewards.catalogue.redeemed", { reward: outcome.reward })}>
            <s-text>{i18n.translate("rewards.catalogue.code", { code: outcome.code })}</s-text>
          </s-banner>
        )}
        {outcome && "credit" in outcome && (
          <s-banner tone="success" heading={i18n.translate("rewards.catalogue.credited", { amount: money(outcome.credit) })}>
            <s-text>{i18n.translate("rewards.catalogue.creditNote")}</s-text>
          </s-banner>
        )}
        {outcome && "error" in outcome && <s-banner tone="critical">{outcome.error}</s-banner>}
        {redeeming && (
          <s-banner
            tone="warning"
            heading={i18n.translate("rewards.catalogue.confirm", {
              points: points(redeeming.reward.points_cost),
              reward: redeeming.reward.name,
            })}
          >
            <s-stack direction="inline" gap="base">
              <s-button variant="primary" loading={redeeming.phase === "sending"} onClick={() => void confirm(redeeming.reward)}>
                {i18n.translate("rewards.catalogue.confirmButton")}
              </s-button>
              <s-button variant="secondary" disabled={redeeming.phase === "sending"} onClick={() => setRedeeming(null)}>
                {i18n.translate("cancel")}
              </s-button>
            </s-stack>
          </s-banner>
        )}
        {view.rewards.map((reward) => (
          <s-stack key={reward.id} direction="inline" gap="base" alignItems="center" justifyContent="space-between">
            <s-stack direction="block" gap="none">
              <s-text type="strong">{reward.name}</s-text>
              <s-text color="subdued">
                {reward.affordable
                  ? points(reward.points_cost)
                  : i18n.translate("rewards.catalogue.needed", {
                      cost: points(reward.points_cost),
                      needed: i18n.formatNumber(reward.points_needed),
                    })}
              </s-text>
            </s-stack>
            <s-button
              disabled={!reward.affordable || redeeming !== null}
              onClick={() => {
                setOutcome(null);
                setRedeeming({ reward, phase: "confirm" });
              }}
            >
              {i18n.translate("rewards.catalogue.redeem")}
            </s-button>
          </s-stack>
        ))}
      </s-stack>
    </s-section>
  );
}

function MyCodes({ view }: { view: AccountView }) {
  const { i18n } = shopify;
  const codes = view.member?.rewards ?? [];
  if (codes.length === 0) return null;
  return (
    <s-section heading={i18n.translate("rewards.codes.heading")}>
      <s-stack direction="block" gap="small-200">
        {codes.map((code) =>
          code.store_credit ? (
            <s-stack key={code.redeemed_at} direction="inline" gap="base" alignItems="center">
              <s-text type="strong">{i18n.translate("rewards.codes.storeCredit", { amount: money(code.store_credit) })}</s-text>
              <s-text>{code.name ?? ""}</s-text>
              {code.store_credit.expires_at && (
                <s-text color="subdued">
                  {i18n.translate("rewards.codes.creditExpires", {
                    date: i18n.formatDate(new Date(code.store_credit.expires_at), { dateStyle: "medium" }),
                  })}
                </s-text>
              )}
            </s-stack>
          ) : (
            <s-stack key={code.redeemed_at} direction="inline" gap="base" alignItems="center">
              <s-text type="strong">{code.code}</s-text>
              <s-text>{code.name ?? ""}</s-text>
              <s-badge tone={code.used ? "neutral" : "auto"}>
                {code.used ? i18n.translate("rewards.codes.used") : i18n.translate("rewards.codes.unused")}
              </s-badge>
            </s-stack>
          ),
        )}
      </s-stack>
    </s-section>
  );
}

function History({ view }: { view: AccountView }) {
  const { i18n } = shopify;
  if (view.history.length === 0) return null;
  return (
    <s-section heading={i18n.translate("rewards.history.heading")}>
      <s-stack direction="block" gap="small-200">
        {view.history.map((entry, index) => (
          <s-stack key={`${entry.created_at}-${index}`} direction="inline" gap="base" justifyContent="space-between">
            <s-text>
              {i18n.formatDate(new Date(entry.created_at), { dateStyle: "medium" })} ·{" "}
              {entry.note || i18n.translate(`rewards.history.kinds.${entry.kind}`)}
            </s-text>
            <s-text type="strong">{`${entry.points > 0 ? "+" : ""}${i18n.formatNumber(entry.points)}`}</s-text>
          </s-stack>
        ))}
      </s-stack>
    </s-section>
  );
}

function Referral() {
  const { i18n } = shopify;
  const [link, setLink] = useState<{ url: string } | { error: string } | "sending" | null>(null);
  const ask = async () => {
    setLink("sending");
    const answer = await appRequest<{ url: string }>(shopify, "/extension-api/loyalty", { method: "POST", body: { intent: "referral" } });
    setLink(answer.ok ? { url: answer.data.url } : { error: failureText(answer) });
  };
  return (
    <s-section heading={i18n.translate("rewards.referral.heading")}>
      <s-stack direction="block" gap="small-200">
        {link !== null && typeof link === "object" && "url" in link ? (
          <s-stack direction="block" gap="small-200">
            <s-text>{i18n.translate("rewards.referral.share")}</s-text>
            <s-link href={link.url}>{link.url}</s-link>
          </s-stack>
        ) : (
          <s-button loading={link === "sending"} onClick={() => void ask()}>
            {i18n.translate("rewards.referral.get")}
          </s-button>
        )}
        {link !== null && typeof link === "object" && "error" in link && <s-banner tone="critical">{link.error}</s-banner>}
      </s-stack>
    </s-section>
  );
}

function Birthday({ onSaved }: { onSaved: () => void }) {
  const { i18n } = shopify;
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const save = async () => {
    setSending(true);
    const answer = await appRequest(shopify, "/extension-api/loyalty", { method: "POST", body: { intent: "birthday", birthday: value } });
    setSending(false);
    if (answer.ok) onSaved();
    else setError(answer.status === 422 ? i18n.translate("rewards.birthday.invalid") : failureText(answer));
  };
  return (
    <s-section heading={i18n.translate("rewards.birthday.heading")}>
      <s-stack direction="block" gap="small-200">
        <s-text-field
          label={i18n.translate("rewards.birthday.label")}
          value={value}
          error={error ?? undefined}
          onInput={(event: Event) => setValue((event.currentTarget as HTMLInputElement).value)}
        />
        <s-button loading={sending} onClick={() => void save()}>
          {i18n.translate("rewards.birthday.save")}
        </s-button>
      </s-stack>
    </s-section>
  );
}
