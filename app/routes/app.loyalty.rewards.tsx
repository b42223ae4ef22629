import { parseWithZod } from "@conform-to/zod/v3";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { refusalReply } from "../lib/forms";
import { countOf } from "../lib/format";
import { merchantLocale } from "../lib/merchant-locale";
import { formatMoney } from "../lib/money";
import { shopCurrency } from "../lib/shop-profile.server";
import { createReward, deleteReward, listRewards, rewardValueText, setRewardEnabled, updateReward } from "../loyalty/catalogue.server";
import { loadLoyaltySettings } from "../loyalty/loyalty-settings.server";
import { rewardSchema } from "../loyalty/reward-form";
import { useAdminToast } from "../components/useAdminToast";
import { useConfirmedAction } from "../components/useConfirmedAction";
import type { FetcherFormResult } from "../components/useFetcherForm";
import { ConfirmModal } from "../components/FormModal";
import { useRewardModal } from "../components/loyalty/RewardModal";
import { RewardsTable } from "../components/loyalty/RewardsTable";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [rewards, currency, settings] = await Promise.all([listRewards(db, shop), shopCurrency(db, shop), loadLoyaltySettings(db, shop)]);
  const locale = merchantLocale(request);
  const money = (amount: string) => formatMoney(amount, currency, { locale });
  // Money is formatted here, in the shop's currency, so the server and the browser render the same text.
  return {
    currency,
    programmeOn: settings.enabled,
    rewards: rewards.map((reward) => ({
      id: reward.id,
      name: reward.name,
      kind: reward.kind,
      value: reward.value,
      pointsCost: reward.pointsCost,
      minimumOrder: reward.minimumOrder,
      creditExpiryDays: reward.creditExpiryDays,
      enabled: reward.enabled,
      redemptions: reward.redemptions,
      // "$5.00 off on orders from $30.00": what the code gives, under the reward's name.
      detailText: reward.minimumOrder
        ? `${rewardValueText(reward, currency, locale)} on orders from ${money(reward.minimumOrder)}`
        : rewardValueText(reward, currency, locale),
      costText: countOf(reward.pointsCost, "point", "points"),
    })),
  };
};

/** The answer to a row's Enable, Disable or Delete, for the toast. */
type RowResult = { ok: boolean; message: string };

const RewardAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.literal("update"), id: z.string().min(1) }),
  z.object({ intent: z.enum(["enable", "disable", "delete"]), id: z.string().min(1) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const formData = await request.formData();
  const parsed = RewardAction.safeParse(Object.fromEntries(formData));
  const reply = (result: RowResult, status = 200) => data(result, { status });
  if (!parsed.success) return reply({ ok: false, message: "Choose a reward." }, 400);
  const input = parsed.data;
  switch (input.intent) {
    case "create":
    case "update": {
      const submission = parseWithZod(formData, { schema: rewardSchema(await shopCurrency(db, shop)), disableAutoCoercion: true });
      if (submission.status !== "success") return data(submission.reply() satisfies FetcherFormResult, { status: 400 });
      const result =
        input.intent === "create"
          ? await createReward(db, shop, submission.value)
          : await updateReward(db, shop, input.id, submission.value);
      if (!result.ok)
        return data(submission.reply(refusalReply(result)) satisfies FetcherFormResult, { status: result.notFound ? 404 : 400 });
      return {
        ...submission.reply(),
        message: `${result.reward.name} ${input.intent === "create" ? "added" : "saved"}`,
      } satisfies FetcherFormResult;
    }
    case "enable":
    case "disable": {
      const found = await setRewardEnabled(db, shop, input.id, input.intent === "enable");
      if (!found) return reply({ ok: false, message: "This reward no longer exists." }, 404);
      return reply({ ok: true, message: input.intent === "enable" ? "Reward enabled" : "Reward disabled" });
    }
    case "delete": {
      const outcome = await deleteReward(db, shop, input.id);
      if (outcome === "not_found") return reply({ ok: false, message: "This reward no longer exists." }, 404);
      return reply({
        ok: true,
        message: outcome === "deleted" ? "Reward deleted" : "Reward disabled: it was already redeemed, so it is kept for its history",
      });
    }
  }
};

type Reward = ReturnType<typeof useLoaderData<typeof loader>>["rewards"][number];

export default function LoyaltyRewardsPage() {
  const { rewards, currency, programmeOn } = useLoaderData<typeof loader>();
  const { show, toast } = useAdminToast();
  const removal = useConfirmedAction<Reward>(show);
  // Enable, disable and delete share one fetcher, so each answer shows as the same toast.
  const row = removal.fetcher;
  const deleting = removal.pending;
  const rewardModal = useRewardModal({ currency, show });
  const busy = (id: string) => row.state !== "idle" && row.formData?.get("id") === id;

  return (
    <Page
      title="Rewards"
      subtitle="What customers can spend their points on: a single-use discount code for that customer, or money added to their store credit."
      backAction={{ content: "Loyalty", url: "/app/loyalty" }}
      primaryAction={{ content: "Add reward", onAction: () => rewardModal.open(null) }}
    >
      <BlockStack gap="400">
        {!programmeOn ? (
          <Banner tone="info" action={{ content: "Open settings", url: "/app/loyalty/settings" }}>
            <p>The programme is off: customers see and redeem rewards once you switch it on.</p>
          </Banner>
        ) : null}
        <Card padding="0">
          <RewardsTable
            rewards={rewards}
            onAdd={() => rewardModal.open(null)}
            onEdit={(reward) => rewardModal.open(reward)}
            onDelete={(reward) => removal.ask(reward)}
            onToggle={(reward) => row.submit({ intent: reward.enabled ? "disable" : "enable", id: reward.id }, { method: "post" })}
            toggling={(reward) => busy(reward.id) && row.formData?.get("intent") !== "delete"}
          />
        </Card>
      </BlockStack>

      {rewardModal.modal}

      <ConfirmModal
        open={deleting !== null}
        onClose={removal.cancel}
        title={`Delete ${deleting?.name ?? "reward"}?`}
        confirmLabel={deleting && deleting.redemptions > 0 ? "Disable" : "Delete"}
        loading={deleting !== null && busy(deleting.id)}
        onConfirm={() => deleting && removal.confirm({ intent: "delete", id: deleting.id })}
      >
        <Text as="p">
          {deleting && deleting.redemptions > 0
            ? "This reward was already redeemed, so it is disabled instead of deleted: customers can no longer redeem it, and the codes they hold keep working."
            : "Customers will no longer see or redeem this reward. It has not been redeemed yet."}
        </Text>
      </ConfirmModal>
      {toast}
    </Page>
  );
}
