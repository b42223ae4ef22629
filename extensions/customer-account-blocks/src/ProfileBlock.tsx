/** @jsxImportSource preact */
// A block on the customer's profile (customer-account.profile.block.render): points and tier,
// with a link to the Rewards page (the customer-account-rewards extension).
import { ErrorBanner, points, useAccountView } from "../../shared/account";

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
        <s-text type="strong">{member ? points(member.balance) : i18n.translate("noPoints")}</s-text>
        {member?.tier && <s-badge>{i18n.translate("tier", { tier: member.tier.name })}</s-badge>}
        <s-link href="extension://customer-account-rewards">{i18n.translate("profile.link")}</s-link>
      </s-stack>
    </s-section>
  );
}
