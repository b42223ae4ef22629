import { InlineGrid, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { FormModal } from "../FormModal";
import { useModalForm } from "../useModalForm";
import { unknownCountriesMessage } from "../../shipping/countries";
import type { ZoneInput } from "../../shipping/threshold-form";
import { formatMoney, parseCountriesForForm, zoneMinimumInShopCurrency } from "../../shipping/thresholds";

interface ZoneForm {
  name: string;
  countries: string;
  currency: string;
  amount: string;
  rateToShop: string;
}

const EMPTY_ZONE: ZoneForm = { name: "", countries: "", currency: "", amount: "", rateToShop: "" };

/** The exchange rate seen on the shop's orders in a currency. */
type ObservedRates = Record<string, { rate: string; orderName: string }>;

/**
 * The add/edit zone modal: `open(null)` adds, `open(zone)` edits. A new zone takes the observed
 * rate of the currency typed, until the merchant types a rate.
 */
export function useZoneModal({ shopCurrency, rates, show }: { shopCurrency: string; rates: ObservedRates; show(message: string): void }) {
  const zoneForm = useModalForm<ZoneForm, ZoneInput>({ show, toPayload: (zone) => ({ ...zone }), intents: { create: "createZone", update: "updateZone" } });
  const [ratePrefilled, setRatePrefilled] = useState(false);
  const open = (zone: { id: string; name: string; countries: string[]; currency: string; amount: string; rateToShop: string } | null) => {
    setRatePrefilled(!zone);
    if (zone) zoneForm.open(zone.id, { name: zone.name, countries: zone.countries.join(", "), currency: zone.currency, amount: zone.amount, rateToShop: zone.rateToShop });
    else zoneForm.open(null, EMPTY_ZONE);
  };
  const setZone = (key: keyof ZoneForm) => (text: string) => {
    zoneForm.set(key)(text);
    if (key === "rateToShop") setRatePrefilled(false);
    // A new currency brings its observed rate, unless the merchant typed their own.
    if (key === "currency" && ratePrefilled) zoneForm.set("rateToShop")(rates[text.trim().toUpperCase()]?.rate ?? "");
  };
  const modal = <ZoneModal zoneForm={zoneForm} setZone={setZone} shopCurrency={shopCurrency} rates={rates} />;
  return { open, modal };
}

function ZoneModal({
  zoneForm,
  setZone,
  shopCurrency,
  rates,
}: {
  zoneForm: ReturnType<typeof useModalForm<ZoneForm, ZoneInput>>;
  setZone(key: keyof ZoneForm): (text: string) => void;
  shopCurrency: string;
  rates: ObservedRates;
}) {
  const { editing, errors: zoneErrors } = zoneForm;
  const zoneValues = editing?.values ?? EMPTY_ZONE;
  // Codes Shopify does not know are named as they are typed (a code still being typed, one letter, is not judged yet);
  // the server also checks them against the countries the store ships to.
  const zoneCountriesProblem = unknownCountriesMessage(parseCountriesForForm(zoneValues.countries).filter((code) => code.length > 1));
  const zoneCurrency = zoneValues.currency.trim().toUpperCase();
  const observed = rates[zoneCurrency];
  const rateHelp = /^[A-Z]{3}$/.test(zoneCurrency)
    ? observed
      ? `1 ${shopCurrency} = ${observed.rate} ${zoneCurrency}, from order ${observed.orderName}. Checkout compares subtotals in ${shopCurrency}: amount ÷ rate.`
      : `No order paid in ${zoneCurrency} yet: enter how many ${zoneCurrency} make 1 ${shopCurrency}.`
    : `How many units of the zone's currency make 1 ${shopCurrency}.`;
  const zoneCheckout =
    /^[A-Z]{3}$/.test(zoneCurrency) && Number(zoneValues.amount) > 0 && Number(zoneValues.rateToShop) > 0
      ? zoneMinimumInShopCurrency({ amount: zoneValues.amount.trim(), currency: zoneCurrency, rateToShop: zoneValues.rateToShop.trim() }, shopCurrency)
      : null;
  return (
  <FormModal form={zoneForm} title={editing?.id ? "Edit zone" : "Add zone"} saveLabel={editing?.id ? "Save" : "Add zone"}>
    <TextField label="Name" value={zoneValues.name} onChange={setZone("name")} error={zoneErrors.name} maxLength={60} placeholder="Europe" autoComplete="off" />
    <TextField
      label="Countries"
      value={zoneValues.countries}
      onChange={setZone("countries")}
      error={zoneCountriesProblem ?? zoneErrors.countries}
      placeholder="GR, DE, FR, IT, ES"
      helpText="Shopify's two-letter country codes (GB for the United Kingdom), separated by commas. Only countries your store ships to."
      autoComplete="off"
    />
    <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
      <TextField label="Currency" value={zoneValues.currency} onChange={setZone("currency")} error={zoneErrors.currency} maxLength={3} placeholder="EUR" autoComplete="off" />
      <TextField
        label="Threshold"
        inputMode="decimal"
        value={zoneValues.amount}
        onChange={setZone("amount")}
        error={zoneErrors.amount}
        suffix={zoneCurrency || undefined}
        autoComplete="off"
      />
      <TextField
        label={`Rate (per 1 ${shopCurrency})`}
        inputMode="decimal"
        value={zoneValues.rateToShop}
        onChange={setZone("rateToShop")}
        error={zoneErrors.rateToShop}
        autoComplete="off"
      />
    </InlineGrid>
    <Text as="p" tone="subdued">
      {rateHelp}
    </Text>
    {zoneCheckout ? (
      <Text as="p">{`Checkout gives free shipping from ${formatMoney(zoneCheckout, shopCurrency)} (${formatMoney(zoneValues.amount.trim(), zoneCurrency)} at this rate).`}</Text>
    ) : null}
  </FormModal>
  );
}
