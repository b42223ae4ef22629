import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, ButtonGroup, Card, EmptyState, IndexTable, InlineGrid, Link, Page, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { createTier, deleteTier, listTiers, TIER_REFRESH_MEMBER_LIMIT, updateTier, type TierInput, type TierRefresh } from "../loyalty/catalogue.server";
import { loadLoyaltySettings } from "../loyalty/loyalty-settings.server";
import { useAdminToast } from "../components/useAdminToast";
import { useConfirmedAction } from "../components/useConfirmedAction";
import { useModalForm, type ListActionResult } from "../components/useModalForm";
import { ConfirmModal, FormModal } from "../components/FormModal";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [tiers, settings, shopRow, members] = await Promise.all([
    listTiers(db, shop),
    loadLoyaltySettings(db, shop),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    db.loyaltyMember.count({ where: { shop } }),
  ]);
  const currency = shopRow?.currencyCode ?? "USD";
  const spend = settings.tierBasis === "spend";
  let wholeMoney: Intl.NumberFormat;
  try {
    wholeMoney = new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0, minimumFractionDigits: 0 });
  } catch {
    wholeMoney = new Intl.NumberFormat("en-US");
  }
  // Text is formatted here, in the shop's currency, so the server and the browser render the same.
  return {
    basis: settings.tierBasis,
    currency,
    // Bigger programmes are not re-evaluated when tiers change (see catalogue.server.ts).
    largeProgramme: members >= TIER_REFRESH_MEMBER_LIMIT,
    memberLimit: TIER_REFRESH_MEMBER_LIMIT.toLocaleString("en-US"),
    tiers: tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      threshold: tier.threshold,
      multiplierPercent: tier.multiplierPercent,
      members: tier.members.toLocaleString("en-US"),
      thresholdText: spend ? `${wholeMoney.format(tier.threshold)} spent` : `${tier.threshold.toLocaleString("en-US")} points earned`,
      multiplierText: tier.multiplierPercent === 100 ? "Normal rate" : `×${tier.multiplierPercent / 100} points`,
    })),
  };
};

type ActionResult = ListActionResult<TierInput>;

const TierAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.enum(["update", "delete"]), id: z.string().min(1) }),
]);

/** How the change moved members, for the toast. */
function refreshNote(refresh: TierRefresh | null): string {
  if (!refresh || refresh.members === 0) return "";
  if (!refresh.refreshed) return " Members move to their new tier the next time their points change.";
  if (refresh.moved === 0) return " No member changed tier.";
  return ` ${refresh.moved.toLocaleString("en-US")} member${refresh.moved === 1 ? "" : "s"} changed tier.`;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = TierAction.safeParse(form);
  const reply = (result: ActionResult, status = 200) => Response.json(result, { status });
  if (!parsed.success) return reply({ ok: false, message: "Choose a tier." }, 400);
  const input = parsed.data;
  const now = new Date();
  if (input.intent === "delete") {
    const result = await deleteTier(db, shop, input.id, now);
    if (!result.ok) return reply({ ok: false, message: "This tier no longer exists." }, 404);
    return reply({ ok: true, message: `Tier deleted.${refreshNote(result.refresh)}` });
  }
  const result = input.intent === "create" ? await createTier(db, shop, form, now) : await updateTier(db, shop, input.id, form, now);
  if (!result.ok) return reply({ ok: false, message: result.message, errors: result.errors }, result.notFound ? 404 : 400);
  return reply({ ok: true, message: `${result.tier.name} ${input.intent === "create" ? "added" : "saved"}.${refreshNote(result.refresh)}` });
};

type Tier = ReturnType<typeof useLoaderData<typeof loader>>["tiers"][number];

interface FormValues {
  name: string;
  threshold: string;
  multiplierPercent: string;
}

const EMPTY_FORM: FormValues = { name: "", threshold: "", multiplierPercent: "100" };

export default function LoyaltyTiersPage() {
  const { tiers, basis, currency, largeProgramme, memberLimit } = useLoaderData<typeof loader>();
  const { show, toast } = useAdminToast();
  const removal = useConfirmedAction<Tier>(show);
  const deleting = removal.pending;
  const form = useModalForm<FormValues, TierInput>({ show, toPayload: (values) => ({ ...values }) });
  const { editing, open, set, errors } = form;
  const spend = basis === "spend";
  const values = editing?.values ?? EMPTY_FORM;
  const multiplier = Number(values.multiplierPercent);
  return (
    <Page
      title="VIP tiers"
      subtitle="Members who earn or spend more reach higher tiers and earn more points per order."
      backAction={{ content: "Loyalty", url: "/app/loyalty" }}
      primaryAction={{ content: "Add tier", onAction: () => open(null, EMPTY_FORM) }}
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
              A member is in the highest tier whose threshold they reach; below every threshold they are in no tier. Tiers are checked each time their points change.
              Change the basis in <Link url="/app/loyalty/settings">loyalty settings</Link>.
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
          <IndexTable
            resourceName={{ singular: "tier", plural: "tiers" }}
            itemCount={tiers.length}
            selectable={false}
            headings={[{ title: "Tier" }, { title: "Reached at" }, { title: "Order points" }, { title: "Members" }, { title: "Actions" }]}
            emptyState={
              <EmptyState heading="No tiers yet" action={{ content: "Add tier", onAction: () => open(null, EMPTY_FORM) }} image="/empty-state.svg">
                <p>For example Silver at 500 points with 1.25× points on orders, and Gold at 2,000 with 1.5×.</p>
              </EmptyState>
            }
          >
            {tiers.map((tier, index) => (
              <IndexTable.Row id={tier.id} key={tier.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {tier.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{tier.thresholdText}</IndexTable.Cell>
                <IndexTable.Cell>{tier.multiplierText}</IndexTable.Cell>
                <IndexTable.Cell>{tier.members}</IndexTable.Cell>
                <IndexTable.Cell>
                  <ButtonGroup>
                    <Button
                      size="slim"
                      onClick={() => open(tier.id, { name: tier.name, threshold: String(tier.threshold), multiplierPercent: String(tier.multiplierPercent) })}
                      accessibilityLabel={`Edit ${tier.name}`}
                    >
                      Edit
                    </Button>
                    <Button size="slim" tone="critical" variant="plain" onClick={() => removal.ask(tier)} accessibilityLabel={`Delete ${tier.name}`}>
                      Delete
                    </Button>
                  </ButtonGroup>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>

      <FormModal form={form} title={editing?.id ? "Edit tier" : "Add tier"} saveLabel={editing?.id ? "Save" : "Add tier"}>
        <TextField label="Name" value={values.name} onChange={set("name")} error={errors.name} maxLength={40} placeholder="Gold" autoComplete="off" />
        <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
          <TextField
            label={spend ? "Reached after spending" : "Reached after earning"}
            type="number"
            min={0}
            value={values.threshold}
            onChange={set("threshold")}
            error={errors.threshold}
            suffix={spend ? currency : "points"}
            helpText="Over the last 12 months. 0 puts every member in this tier."
            autoComplete="off"
          />
          <TextField
            label="Points on orders"
            type="number"
            min={100}
            max={1000}
            step={5}
            value={values.multiplierPercent}
            onChange={set("multiplierPercent")}
            error={errors.multiplierPercent}
            suffix="%"
            helpText={
              Number.isInteger(multiplier) && multiplier >= 100 && multiplier <= 1000
                ? multiplier === 100
                  ? "100%: the normal rate."
                  : `Orders earn ${multiplier / 100}× the normal points.`
                : "100% is the normal rate, 150% earns 1.5× points; at most 1,000%."
            }
            autoComplete="off"
          />
        </InlineGrid>
      </FormModal>

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
