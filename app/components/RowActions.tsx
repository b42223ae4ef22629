import { Button, ButtonGroup } from "@shopify/polaris";
import type { ReactNode } from "react";

/**
 * The Edit … Delete buttons at the end of an index-table row, named for screen readers by the
 * row's item ("Edit Gold"); `children` go between them (e.g. Enable/Disable).
 */
export function RowActions({
  name,
  onEdit,
  onDelete,
  children,
}: {
  name: string;
  onEdit: () => void;
  onDelete: () => void;
  children?: ReactNode;
}) {
  return (
    <ButtonGroup>
      <Button size="slim" onClick={onEdit} accessibilityLabel={`Edit ${name}`}>
        Edit
      </Button>
      {children}
      <Button size="slim" tone="critical" variant="plain" onClick={onDelete} accessibilityLabel={`Delete ${name}`}>
        Delete
      </Button>
    </ButtonGroup>
  );
}
