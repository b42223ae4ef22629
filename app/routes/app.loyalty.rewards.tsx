import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, Card, Checkbox, EmptyState, IndexTable, InlineGrid, Page, Select, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import {
  createReward,
  deleteReward,
  listRewards,
  rewardValueText,
  setRewardEnabled,
  updateReward,
  type RewardInput,
} from "../loyalty/catalogue.server";
import { formatMoney } from "../lib/money";
import { loadLoyaltySettings } from "../loyalty/loyalty-settings.server";
import { useAdminToast } from "../components/useAdminToast";
import { useConfirmedAction } from "../components/useConfirmedAction";
import { useModalForm, type ListActionResult } from "../components/useModalForm";
import { ConfirmModal, FormModal } from "../components/FormModal";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [rewards, shopRow, settings] = await Promise.all([
    listRewards(db, shop),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    loadLoyaltySettings(db, shop),
  ]);
  const currency = shopRow?.currencyCode ?? "USD";
  const money = (amount: string) => formatMoney(amount, currency);
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
      enabled: reward.enabled,
      redemptions: reward.redemptions,
      valueText: rewardValueText(reward, currency),
      costText: `${reward.pointsCost.toLocaleString("en-US")} points`,
      minimumText: reward.minimumOrder ? money(reward.minimumOrder) : "None",
    })),
  };
};

type ActionResult = ListActionResult<RewardInput>;

const RewardAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.literal("update"), id: z.string().min(1) }),
  z.object({ intent: z.enum(["enable", "disable", "delete"]), id: z.string().min(1) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = RewardAction.safeParse(form);
  const reply = (result: ActionResult, status = 200) => Response.json(result, { status });
  if (!parsed.success) return reply({ ok: false, message: "Choose a reward." }, 400);
  const input = parsed.data;
  switch (input.intent) {
    case "create":
    case "update": {
      const result = input.intent === "create" ? await createReward(db, shop, form) : await updateReward(db, shop, input.id, form);
      if (!result.ok) return reply({ ok: false, message: result.message, errors: result.errors }, result.notFound ? 404 : 400);
      return reply({ ok: true, message: input.intent === "create" ? `${result.reward.name} added` : `${result.reward.name} saved` });
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
      return reply({ ok: true, message: outcome === "deleted" ? "Reward deleted" : "Reward disabled: it was already redeemed, so it is kept for its history" });
    }
  }
};

type Reward = ReturnType<typeof useLoaderData<typeof loader>>["rewards"][number];

interface FormValues {
  name: string;
  kind: string;
  value: string;
  pointsCost: string;
  minimumOrder: string;
  enabled: boolean;
}

const EMPTY_FORM: FormValues = { name: "", kind: "amount_off", value: "", pointsCost: "500", minimumOrder: "", enabled: true };

const toForm = (reward: Reward): FormValues => ({
  name: reward.name,
  kind: reward.kind,
  value: reward.kind === "free_shipping" ? "" : reward.value,
  pointsCost: String(reward.pointsCost),
  minimumOrder: reward.minimumOrder ?? "",
  enabled: reward.enabled,
});

const KIND_OPTIONS = [
  { label: "Amount off the order", value: "amount_off" },
  { label: "Percentage off the order", value: "percent_off" },
  { label: "Free shipping", value: "free_shipping" },
];

export default function LoyaltyRewardsPage() {
  const { rewards, currency, programmeOn } = useLoaderData<typeof loader>();
  const { show, toast } = useAdminToast();
  const removal = useConfirmedAction<Reward>(show);
  // Enable, disable and delete share one fetcher, so each answer shows as the same toast.
  const row = removal.fetcher;
  const deleting = removal.pending;
  const form = useModalForm<FormValues, RewardInput>({
    show,
    toPayload: (values) => ({
      name: values.name,
      kind: values.kind,
      value: values.kind === "free_shipping" ? "" : values.value,
      pointsCost: values.pointsCost,
      minimumOrder: values.minimumOrder,
      enabled: String(values.enabled),
    }),
  });
  const { editing, open, set, errors } = form;
  const busy = (id: string) => row.state !== "idle" && row.formData?.get("id") === id;

  const values = editing?.values ?? EMPTY_FORM;
  return (
    <Page
      title="Rewards"
      subtitle="What customers can spend their points on. Each redemption creates a single-use discount code for that customer."
      backAction={{ content: "Loyalty", url: "/app/loyalty" }}
      primaryAction={{ content: "Add reward", onAction: () => open(null, EMPTY_FORM) }}
    >
      <BlockStack gap="400">
        {!programmeOn ? (
          <Banner tone="info" action={{ content: "Open settings", url: "/app/loyalty/settings" }}>
            <p>The programme is off: customers see and redeem rewards once you switch it on.</p>
          </Banner>
        ) : null}
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "reward", plural: "rewards" }}
            itemCount={rewards.length}
            selectable={false}
            headings={[{ title: "Reward" }, { title: "Value" }, { title: "Cost" }, { title: "Minimum order" }, { title: "Redeemed" }, { title: "Status" }, { title: "Actions" }]}
            emptyState={
              <EmptyState heading="No rewards yet" action={{ content: "Add reward", onAction: () => open(null, EMPTY_FORM) }} image="/empty-state.svg">
                <p>Offer an amount off, a percentage off or free shipping for a number of points.</p>
              </EmptyState>
            }
          >
            {rewards.map((reward, index) => (
              <IndexTable.Row id={reward.id} key={reward.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {reward.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{reward.valueText}</IndexTable.Cell>
                <IndexTable.Cell>{reward.costText}</IndexTable.Cell>
                <IndexTable.Cell>{reward.minimumText}</IndexTable.Cell>
                <IndexTable.Cell>{reward.redemptions.toLocaleString("en-US")}</IndexTable.Cell>
                <IndexTable.Cell>{reward.enabled ? <Badge tone="success">Active</Badge> : <Badge>Disabled</Badge>}</IndexTable.Cell>
                <IndexTable.Cell>
                  <ButtonGroup>
                    <Button size="slim" onClick={() => open(reward.id, toForm(reward))} accessibilityLabel={`Edit ${reward.name}`}>
                      Edit
                    </Button>
                    <Button
                      size="slim"
                      loading={busy(reward.id) && row.formData?.get("intent") !== "delete"}
                      onClick={() => row.submit({ intent: reward.enabled ? "disable" : "enable", id: reward.id }, { method: "post" })}
                      accessibilityLabel={`${reward.enabled ? "Disable" : "Enable"} ${reward.name}`}
                    >
                      {reward.enabled ? "Disable" : "Enable"}
                    </Button>
                    <Button size="slim" tone="critical" variant="plain" onClick={() => removal.ask(reward)} accessibilityLabel={`Delete ${reward.name}`}>
                      Delete
                    </Button>
                  </ButtonGroup>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>

      <FormModal form={form} title={editing?.id ? "Edit reward" : "Add reward"} saveLabel={editing?.id ? "Save" : "Add reward"}>
        <TextField label="Name" value={values.name} onChange={set("name")} error={errors.name} maxLength={80} helpText="Customers see it on your store, e.g. “€5 off your order”." autoComplete="off" />
        <Select label="Reward" options={KIND_OPTIONS} value={values.kind} onChange={set("kind")} error={errors.kind} />
        <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
          {values.kind === "amount_off" ? (
            <TextField label="Amount off" type="text" inputMode="decimal" value={values.value} onChange={set("value")} error={errors.value} suffix={currency} placeholder="5.00" autoComplete="off" />
          ) : values.kind === "percent_off" ? (
            <TextField label="Percentage off" type="text" inputMode="decimal" value={values.value} onChange={set("value")} error={errors.value} suffix="%" placeholder="10" helpText="1 to 100" autoComplete="off" />
          ) : null}
          <TextField label="Cost" type="number" min={1} max={1_000_000} value={values.pointsCost} onChange={set("pointsCost")} error={errors.pointsCost} suffix="points" autoComplete="off" />
          <TextField
            label="Minimum order"
            type="text"
            inputMode="decimal"
            value={values.minimumOrder}
            onChange={set("minimumOrder")}
            error={errors.minimumOrder}
            suffix={currency}
            helpText="The code works on orders of at least this subtotal. Leave empty for none."
            autoComplete="off"
          />
        </InlineGrid>
        <Checkbox label="Customers can redeem this reward" checked={values.enabled} onChange={set("enabled")} error={errors.enabled} />
      </FormModal>

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
