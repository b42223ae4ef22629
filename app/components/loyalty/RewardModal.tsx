import { InlineGrid } from "@shopify/polaris";
import { forwardRef } from "react";
import { FormModal } from "../FormModal";
import { FormCheckbox, FormSelect, FormTextField } from "../forms/PolarisFields";
import { useModalForm, useModalOpener, useModalOpening, type ModalOpener, type ModalOpening } from "../useModalForm";
import { formStrings } from "../../lib/forms";
import { MAX_CREDIT_EXPIRY_DAYS, rewardSchema } from "../../loyalty/reward-form";

/** A reward as the list shows it, with what the form needs. */
export interface RewardValues {
  id: string;
  name: string;
  kind: string;
  value: string;
  pointsCost: number;
  minimumOrder: string | null;
  creditExpiryDays: number | null;
  enabled: boolean;
}

const NEW_REWARD = formStrings({
  name: "",
  kind: "amount_off",
  value: "",
  pointsCost: 500,
  minimumOrder: "",
  creditExpiryDays: "",
  enabled: true,
});

const KIND_OPTIONS = [
  { label: "Amount off the order", value: "amount_off" },
  { label: "Percentage off the order", value: "percent_off" },
  { label: "Free shipping", value: "free_shipping" },
  { label: "Store credit", value: "store_credit" },
];

/** The add/edit reward modal: `open(null)` adds, `open(reward)` edits. */
export function useRewardModal({ currency, show }: { currency: string; show(message: string): void }) {
  const { ref, open } = useModalOpener<RewardValues>();
  return { open, modal: <RewardModal ref={ref} currency={currency} show={show} /> };
}

function toOpening(reward: RewardValues | null): ModalOpening {
  if (!reward) return { id: null, values: NEW_REWARD };
  const { id, name, kind, value, pointsCost, minimumOrder, creditExpiryDays, enabled } = reward;
  // Free shipping is stored with the value "0", which the form leaves out.
  return {
    id,
    values: formStrings({ name, kind, value: kind === "free_shipping" ? "" : value, pointsCost, minimumOrder, creditExpiryDays, enabled }),
  };
}

interface RewardModalProps {
  currency: string;
  show(message: string): void;
}

const RewardModal = forwardRef<ModalOpener<RewardValues>, RewardModalProps>(function RewardModal(props, ref) {
  const { opening, session, close } = useModalOpening(ref, toOpening);
  return <RewardForm key={session} opening={opening} close={close} {...props} />;
});

function RewardForm({ currency, show, opening, close }: RewardModalProps & { opening: ModalOpening | null; close(): void }) {
  const modalForm = useModalForm({ id: "reward", schema: rewardSchema(currency), show, opening, close });
  const { editing, fields, value } = modalForm;
  const kind = value("kind");
  return (
    <FormModal modalForm={modalForm} title={editing?.id ? "Edit reward" : "Add reward"} saveLabel={editing?.id ? "Save" : "Add reward"}>
      <FormTextField
        field={fields.name}
        label="Name"
        maxLength={80}
        helpText="Customers see it on your store, e.g. “€5 off your order”."
        autoComplete="off"
      />
      <FormSelect field={fields.kind} label="Reward" options={KIND_OPTIONS} />
      <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
        {/* Free shipping has no value: the field is not posted, and the action reads it as empty. */}
        {kind === "amount_off" ? (
          <FormTextField
            field={fields.value}
            label="Amount off"
            type="text"
            inputMode="decimal"
            suffix={currency}
            placeholder="5.00"
            autoComplete="off"
          />
        ) : kind === "store_credit" ? (
          <FormTextField
            field={fields.value}
            label="Store credit"
            type="text"
            inputMode="decimal"
            suffix={currency}
            placeholder="5.00"
            helpText="Added to the customer's store credit in Shopify, to spend at checkout when logged in."
            autoComplete="off"
          />
        ) : kind === "percent_off" ? (
          <FormTextField
            field={fields.value}
            label="Percentage off"
            type="text"
            inputMode="decimal"
            suffix="%"
            placeholder="10"
            helpText="1 to 100"
            autoComplete="off"
          />
        ) : null}
        <FormTextField field={fields.pointsCost} label="Cost" type="number" min={1} max={1_000_000} suffix="points" autoComplete="off" />
        {/* Store credit is money on the customer's account: it has an expiry, and no minimum order. */}
        {kind === "store_credit" ? (
          <FormTextField
            field={fields.creditExpiryDays}
            label="Expires after"
            type="number"
            min={1}
            max={MAX_CREDIT_EXPIRY_DAYS}
            suffix="days"
            helpText="Counted from the day the customer redeems. Leave empty for credit that never expires."
            autoComplete="off"
          />
        ) : (
          <FormTextField
            field={fields.minimumOrder}
            label="Minimum order"
            type="text"
            inputMode="decimal"
            suffix={currency}
            helpText="The code works on orders of at least this subtotal. Leave empty for none."
            autoComplete="off"
          />
        )}
      </InlineGrid>
      <FormCheckbox field={fields.enabled} label="Customers can redeem this reward" />
    </FormModal>
  );
}
