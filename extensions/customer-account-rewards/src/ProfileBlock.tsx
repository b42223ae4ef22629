/** @jsxImportSource preact */
// A block on the customer's profile (customer-account.profile.block.render): points and tier,
// with a link to the Rewards page.
import { ErrorBanner, points, useAccountView } from "./account";

export function ProfileBlock() {
  const { i18n } = shopify;
  const account = useAccountView();
  if (account.status === "loading") return <s-spinner accessibilityLabel={i18n.translate("loading")} />;
  if (account.status === "failed") return <ErrorBanner message={account.message} onRetry={account.reload} />;
  const { program, member } = account.view;
  if (!program.enabled) return null;
  return (
    <s-section heading={i18n.translate("profile.heading")}>
      <s-stack direction="block" gap="small-200">
        <s-text type="strong">{member ? points(member.balance) : i18n.translate("rewards.balance.none")}</s-text>
        {member?.tier && <s-badge>{i18n.translate("rewards.tier.current", { tier: member.tier.name })}</s-badge>}
        <s-link href="extension:customer-account-rewards/">{i18n.translate("profile.link")}</s-link>
      </s-stack>
    </s-section>
  );
}
