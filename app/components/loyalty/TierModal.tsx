import { InlineGrid } from "@shopify/polaris";
import { forwardRef } from "react";
import { FormModal } from "../FormModal";
import { FormTextField } from "../forms/PolarisFields";
import { useModalForm, useModalOpener, useModalOpening, type ModalOpener, type ModalOpening } from "../useModalForm";
import { formStrings } from "../../lib/forms";
import { TierInput } from "../../loyalty/tier-form";

const NEW_TIER = formStrings({ name: "", threshold: "", multiplierPercent: 100 });

/** The add/edit tier modal: `open(null)` adds, `open(tier)` edits. Thresholds are points, or whole amounts of `currency` when tiers follow spend. */
export function useTierModal(props: TierModalProps) {
  const { ref, open } = useModalOpener<TierValues>();
  return { open, modal: <TierModal ref={ref} {...props} /> };
}

interface TierValues {
  id: string;
  name: string;
  threshold: number;
  multiplierPercent: number;
}

interface TierModalProps {
  spend: boolean;
  currency: string;
  show(message: string): void;
}

const toOpening = (tier: TierValues | null): ModalOpening =>
  tier
    ? { id: tier.id, values: formStrings({ name: tier.name, threshold: tier.threshold, multiplierPercent: tier.multiplierPercent }) }
    : { id: null, values: NEW_TIER };

const TierModal = forwardRef<ModalOpener<TierValues>, TierModalProps>(function TierModal(props, ref) {
  const { opening, session, close } = useModalOpening(ref, toOpening);
  return <TierForm key={session} opening={opening} close={close} {...props} />;
});

function TierForm({ spend, currency, show, opening, close }: TierModalProps & { opening: ModalOpening | null; close(): void }) {
  const modalForm = useModalForm({ id: "tier", schema: TierInput, show, opening, close });
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
