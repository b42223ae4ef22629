import { BlockStack, Box, IndexTable } from "@shopify/polaris";
import type { ReactNode } from "react";

/** An index-table row on a phone (useCondensed): its cells stacked in one padded column instead of side by side. */
export function StackedRow({
  id,
  position,
  selected,
  children,
}: {
  id: string;
  position: number;
  selected?: boolean;
  children: ReactNode;
}) {
  return (
    <IndexTable.Row id={id} position={position} selected={selected}>
      <Box padding="300">
        <BlockStack gap="200">{children}</BlockStack>
      </Box>
    </IndexTable.Row>
  );
}
