import { InlineGrid, Text } from "@shopify/polaris";
import { forwardRef, useEffect, useState } from "react";
import { FormModal } from "../FormModal";
import { FormTextField } from "../forms/PolarisFields";
import { useModalForm, useModalOpener, useModalOpening, type ModalOpener, type ModalOpening } from "../useModalForm";
import { zoneSchema } from "../../shipping/threshold-form";
import { formatMoney } from "../../lib/money";
import { zoneMinimumInShopCurrency } from "../../shipping/thresholds";

const NEW_ZONE = { name: "", countries: "", currency: "", amount: "", rateToShop: "" };

// The browser cannot ask Shopify where the store ships: it checks Shopify's country codes, and
// the action checks the same schema again with the countries the store ships to.
const browserZoneSchema = zoneSchema(null);

/** The exchange rate seen on the shop's orders in a currency. */
type ObservedRates = Record<string, { rate: string; orderName: string }>;

/**
 * The add/edit zone modal: `open(null)` adds, `open(zone)` edits. A new zone takes the observed
 * rate of the currency typed, until the merchant types a rate.
 */
export function useZoneModal(props: ZoneModalProps) {
  const { ref, open } = useModalOpener<ZoneValues>();
  return { open, modal: <ZoneModal ref={ref} {...props} /> };
}

interface ZoneValues {
  id: string;
  name: string;
  countries: string[];
  currency: string;
  amount: string;
  rateToShop: string;
}

interface ZoneModalProps {
  shopCurrency: string;
  rates: ObservedRates;
  show(message: string): void;
}

const toOpening = (zone: ZoneValues | null): ModalOpening =>
  zone
    ? {
        id: zone.id,
        values: {
          name: zone.name,
          countries: zone.countries.join(", "),
          currency: zone.currency,
          amount: zone.amount,
          rateToShop: zone.rateToShop,
        },
      }
    : { id: null, values: NEW_ZONE };

const ZoneModal = forwardRef<ModalOpener<ZoneValues>, ZoneModalProps>(function ZoneModal(props, ref) {
  const { opening, session, close } = useModalOpening(ref, toOpening);
  return <ZoneForm key={session} opening={opening} close={close} {...props} />;
});

function ZoneForm({ shopCurrency, rates, show, opening, close }: ZoneModalProps & { opening: ModalOpening | null; close(): void }) {
  const modalForm = useModalForm({
    id: "zone",
    schema: browserZoneSchema,
    show,
    opening,
    close,
    intents: { create: "createZone", update: "updateZone" },
  });
  // The rate the form filled in itself (a new zone), or null once the merchant's own rate is there.
  const [prefilledRate, setPrefilledRate] = useState<string | null>(opening && !opening.id ? "" : null);
  const { form, fields, value, editing } = modalForm;
  const currency = value("currency").trim().toUpperCase();
  const typedRate = value("rateToShop");
  useEffect(() => {
    if (prefilledRate === null) return;
    // The merchant typed a rate of their own: it stays.
    if (typedRate !== prefilledRate) return setPrefilledRate(null);
    const observed = rates[currency]?.rate ?? "";
    if (observed === typedRate) return;
    setPrefilledRate(observed);
    form.update({ name: fields.rateToShop.name, value: observed });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follows the currency typed; the rate is read as it is then
  }, [currency]);

  const amount = value("amount").trim();
  const rate = value("rateToShop").trim();
  const observed = rates[currency];
  const rateHelp = /^[A-Z]{3}$/.test(currency)
    ? observed
      ? `1 ${shopCurrency} = ${observed.rate} ${currency}, from order ${observed.orderName}. Checkout compares subtotals in ${shopCurrency}: amount ÷ rate.`
      : `No order paid in ${currency} yet: enter how many ${currency} make 1 ${shopCurrency}.`
    : `How many units of the zone's currency make 1 ${shopCurrency}.`;
  const checkout =
    /^[A-Z]{3}$/.test(currency) && Number(amount) > 0 && Number(rate) > 0
      ? zoneMinimumInShopCurrency({ amount, currency, rateToShop: rate }, shopCurrency)
      : null;
  return (
    <FormModal modalForm={modalForm} title={editing?.id ? "Edit zone" : "Add zone"} saveLabel={editing?.id ? "Save" : "Add zone"}>
      <FormTextField field={fields.name} label="Name" maxLength={60} placeholder="Europe" autoComplete="off" />
      <FormTextField
        field={fields.countries}
        label="Countries"
        placeholder="GR, DE, FR, IT, ES"
        helpText="Shopify's two-letter country codes (GB for the United Kingdom), separated by commas. Only countries your store ships to."
        autoComplete="off"
      />
      <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
        <FormTextField field={fields.currency} label="Currency" maxLength={3} placeholder="EUR" autoComplete="off" />
        <FormTextField field={fields.amount} label="Threshold" inputMode="decimal" suffix={currency || undefined} autoComplete="off" />
        <FormTextField field={fields.rateToShop} label={`Rate (per 1 ${shopCurrency})`} inputMode="decimal" autoComplete="off" />
      </InlineGrid>
      <Text as="p" tone="subdued">
        {rateHelp}
      </Text>
      {checkout ? (
        <Text as="p">{`Checkout gives free shipping from ${formatMoney(checkout, shopCurrency)} (${formatMoney(amount, currency)} at this rate).`}</Text>
      ) : null}
    </FormModal>
  );
}
