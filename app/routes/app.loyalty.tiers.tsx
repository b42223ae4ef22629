import { parseWithZod } from "@conform-to/zod/v3";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { refusalReply } from "../lib/forms";
import { createTier, deleteTier, listTiers, TIER_REFRESH_MEMBER_LIMIT, updateTier, type TierRefresh } from "../loyalty/catalogue.server";
import { loadLoyaltySettings } from "../loyalty/loyalty-settings.server";
import { countOf, formatNumber } from "../lib/format";
import { merchantLocale } from "../lib/merchant-locale";
import { formatMoney } from "../lib/money";
import { shopCurrency } from "../lib/shop-profile.server";
import { TierInput } from "../loyalty/tier-form";
import { useAdminToast } from "../components/useAdminToast";
import { useConfirmedAction } from "../components/useConfirmedAction";
import type { FetcherFormResult } from "../components/useFetcherForm";
import { ConfirmModal } from "../components/FormModal";
import { useTierModal } from "../components/loyalty/TierModal";
import { TiersTable } from "../components/loyalty/TiersTable";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [tiers, settings, currency, members] = await Promise.all([
    listTiers(db, shop),
    loadLoyaltySettings(db, shop),
    shopCurrency(db, shop),
    db.loyaltyMember.count({ where: { shop } }),
  ]);
  const spend = settings.tierBasis === "spend";
  const locale = merchantLocale(request);
  // Text is formatted here, in the shop's currency, so the server and the browser render the same.
  return {
    basis: settings.tierBasis,
    currency,
    // Bigger programmes are not re-evaluated when tiers change (see catalogue.server.ts).
    largeProgramme: members >= TIER_REFRESH_MEMBER_LIMIT,
    memberLimit: formatNumber(TIER_REFRESH_MEMBER_LIMIT),
    tiers: tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      threshold: tier.threshold,
      multiplierPercent: tier.multiplierPercent,
      members: formatNumber(tier.members),
      membersText: countOf(tier.members, "member", "members"),
      thresholdText: spend
        ? `${formatMoney(tier.threshold, currency, { locale, wholeUnits: true })} spent`
        : `${formatNumber(tier.threshold)} points earned`,
      multiplierText: tier.multiplierPercent === 100 ? "Normal rate" : `×${tier.multiplierPercent / 100} points`,
    })),
  };
};

const TierAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.enum(["update", "delete"]), id: z.string().min(1) }),
]);

/** How the change moved members, for the toast. */
function refreshNote(refresh: TierRefresh | null): string {
  if (!refresh || refresh.members === 0) return "";
  if (!refresh.refreshed) return " Members move to their new tier the next time their points change.";
  if (refresh.moved === 0) return " No member changed tier.";
  return ` ${countOf(refresh.moved, "member", "members")} changed tier.`;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const formData = await request.formData();
  const parsed = TierAction.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ ok: false, message: "Choose a tier." }, { status: 400 });
  const input = parsed.data;
  const now = new Date();
  if (input.intent === "delete") {
    const result = await deleteTier(db, shop, input.id, now);
    if (!result.ok) return data({ ok: false, message: "This tier no longer exists." }, { status: 404 });
    return { ok: true, message: `Tier deleted.${refreshNote(result.refresh)}` };
  }
  const submission = parseWithZod(formData, { schema: TierInput, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply() satisfies FetcherFormResult, { status: 400 });
  const result =
    input.intent === "create"
      ? await createTier(db, shop, submission.value, now)
      : await updateTier(db, shop, input.id, submission.value, now);
  if (!result.ok) return data(submission.reply(refusalReply(result)) satisfies FetcherFormResult, { status: result.notFound ? 404 : 400 });
  return {
    ...submission.reply(),
    message: `${result.tier.name} ${input.intent === "create" ? "added" : "saved"}.${refreshNote(result.refresh)}`,
  } satisfies FetcherFormResult;
};

type Tier = ReturnType<typeof useLoaderData<typeof loader>>["tiers"][number];

export default function LoyaltyTiersPage() {
  const { tiers, basis, currency, largeProgramme, memberLimit } = useLoaderData<typeof loader>();
  const { show, toast } = useAdminToast();
  const removal = useConfirmedAction<Tier>(show);
  const deleting = removal.pending;
  const spend = basis === "spend";
  const tierModal = useTierModal({ spend, currency, show });
  return (
    <Page
      title="VIP tiers"
      subtitle="Members who earn or spend more reach higher tiers and earn more points per order."
      backAction={{ content: "Loyalty", url: "/app/loyalty" }}
      primaryAction={{ content: "Add tier", onAction: () => tierModal.open(null) }}
    >
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {spend ? "Tiers are reached by the amount spent" : "Tiers are reached by points earned"}
            </Text>
            <Text as="p">
              {spend
                ? `A member's tier follows what they paid for orders in the last 12 months, less refunds, in whole ${currency}. Thresholds are amounts in ${currency}.`
                : "A member's tier follows the points they earned from orders and actions in the last 12 months, less points taken back for refunds. Manual adjustments and points spent do not change it."}
            </Text>
            <Text as="p" tone="subdued">
              A member is in the highest tier whose threshold they reach; below every threshold they are in no tier. Tiers are checked each
              time their points change. Change the basis in <Link url="/app/loyalty/settings">loyalty settings</Link>.
            </Text>
          </BlockStack>
        </Card>
        {largeProgramme ? (
          <Banner tone="info">
            <p>
              {`Your programme has ${memberLimit} members or more, so changing a threshold does not move members straight away: each member moves to their new tier the next time their points change.`}
            </p>
          </Banner>
        ) : null}
        <Card padding="0">
          <TiersTable
            tiers={tiers}
            onAdd={() => tierModal.open(null)}
            onEdit={(tier) => tierModal.open(tier)}
            onDelete={(tier) => removal.ask(tier)}
          />
        </Card>
      </BlockStack>

      {tierModal.modal}

      <ConfirmModal
        open={deleting !== null}
        onClose={removal.cancel}
        title={`Delete ${deleting?.name ?? "tier"}?`}
        confirmLabel="Delete"
        loading={removal.fetcher.state !== "idle"}
        onConfirm={() => deleting && removal.confirm({ intent: "delete", id: deleting.id })}
      >
        <Text as="p">
          {deleting && deleting.members !== "0"
            ? largeProgramme
              ? `Its ${deleting.members} member${deleting.members === "1" ? " leaves" : "s leave"} the tier now and move to the tier they qualify for the next time their points change.`
              : `Its ${deleting.members} member${deleting.members === "1" ? " moves" : "s move"} to the tier below, or to no tier, and earn points at that rate.`
            : "No member is in this tier."}
        </Text>
      </ConfirmModal>
      {toast}
    </Page>
  );
}
