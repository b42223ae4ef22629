import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export interface Figure {
  label: string;
  value: ReactNode;
  /** A line under the figure. */
  help?: string | null;
  tone?: "critical";
}

/** One headline figure in a card: its label, the value large, and an optional line of help. */
export function FigureCard({ figure, size = "large" }: { figure: Figure; size?: "large" | "medium" }) {
  return (
    <Card>
      <BlockStack gap={size === "large" ? "200" : "100"}>
        <Text as="h2" variant="headingSm" tone="subdued">
          {figure.label}
        </Text>
        <Text as="p" variant={size === "large" ? "heading2xl" : "headingXl"} tone={figure.tone}>
          {figure.value}
        </Text>
        {figure.help ? (
          <Text as="p" tone="subdued">
            {figure.help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
