import { getFormProps } from "@conform-to/react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { FormTextField } from "../forms/PolarisFields";
import { useAdminToast } from "../useAdminToast";
import { useFetcherForm } from "../useFetcherForm";
import { AdjustInput } from "../../loyalty/adjust-form";

/** Adds or deducts a member's points by hand. `adjustKey` names this showing of the form: sent twice, it adjusts once. */
export function AdjustPointsCard({ adjustKey }: { adjustKey: string }) {
  const { show, toast } = useAdminToast();
  const adjust = useFetcherForm({
    id: "adjust-points",
    schema: AdjustInput,
    defaultValue: { points: "", reason: "" },
    show,
    onSaved: () => adjust.restart(),
  });
  const { form, fields, value } = adjust;
  const typed = Number(
    value("points")
      .trim()
      .replace(/^\+/, "")
      .replace(/^[\u2212\u2013]/, "-"),
  );
  const deducting = Number.isInteger(typed) && typed < 0;
  // A stale key (the page was open too long) is a problem with no field of its own.
  const formProblem = form.errors?.[0] ?? fields.key.errors?.[0];

  return (
    <Card>
      <form method="post" {...getFormProps(form)}>
        <input type="hidden" name="key" value={adjustKey} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Adjust points
          </Text>
          <FormTextField
            field={fields.points}
            label="Points"
            type="text"
            inputMode="numeric"
            placeholder="50 or -50"
            helpText="A negative number deducts points."
            autoComplete="off"
          />
          <FormTextField
            field={fields.reason}
            label="Reason"
            maxLength={200}
            showCharacterCount
            helpText="Shown in the points history."
            autoComplete="off"
          />
          {formProblem ? (
            <Text as="p" tone="critical">
              {formProblem}
            </Text>
          ) : null}
          <InlineStack align="end">
            <Button submit variant="primary" tone={deducting ? "critical" : undefined} loading={adjust.saving}>
              {deducting ? "Deduct points" : "Add points"}
            </Button>
          </InlineStack>
        </BlockStack>
      </form>
      {toast}
    </Card>
  );
}
