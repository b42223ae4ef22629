import { InlineGrid } from "@shopify/polaris";
import { FormModal } from "../FormModal";
import { FormTextField } from "../forms/PolarisFields";
import { useModalForm } from "../useModalForm";
import { formStrings } from "../../lib/forms";
import { TierInput } from "../../loyalty/tier-form";

const NEW_TIER = formStrings({ name: "", threshold: "", multiplierPercent: 100 });

/** The add/edit tier modal: `open(null)` adds, `open(tier)` edits. Thresholds are points, or whole amounts of `currency` when tiers follow spend. */
export function useTierModal({ spend, currency, show }: { spend: boolean; currency: string; show(message: string): void }) {
  const modalForm = useModalForm({ id: "tier", schema: TierInput, show });
  const open = (tier: { id: string; name: string; threshold: number; multiplierPercent: number } | null) =>
    tier
      ? modalForm.open(tier.id, formStrings({ name: tier.name, threshold: tier.threshold, multiplierPercent: tier.multiplierPercent }))
      : modalForm.open(null, NEW_TIER);
  return { open, modal: <TierModal modalForm={modalForm} spend={spend} currency={currency} /> };
}

function TierModal({ modalForm, spend, currency }: { modalForm: ReturnType<typeof useModalForm>; spend: boolean; currency: string }) {
  const { editing, fields, value } = modalForm;
  const multiplier = Number(value("multiplierPercent"));
  return (
    <FormModal modalForm={modalForm} title={editing?.id ? "Edit tier" : "Add tier"} saveLabel={editing?.id ? "Save" : "Add tier"}>
      <FormTextField field={fields.name} label="Name" maxLength={40} placeholder="Gold" autoComplete="off" />
      <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
        <FormTextField
          field={fields.threshold}
          label={spend ? "Reached after spending" : "Reached after earning"}
          type="number"
          min={0}
          suffix={spend ? currency : "points"}
          helpText="Over the last 12 months. 0 puts every member in this tier."
          autoComplete="off"
        />
        <FormTextField
          field={fields.multiplierPercent}
          label="Points on orders"
          type="number"
          min={100}
          max={1000}
          step={5}
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
  );
}
