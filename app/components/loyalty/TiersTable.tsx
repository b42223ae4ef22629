import { EmptyState, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { StackedRow } from "../StackedRow";
import { RowActions } from "../RowActions";
import { useCondensed } from "../useCondensed";

/** A tier as the tiers page lists it, its texts formatted by the loader. */
export interface TierListItem {
  id: string;
  name: string;
  /** Formatted ("1,204"). */
  members: string;
  membersText: string;
  thresholdText: string;
  multiplierText: string;
}

interface TiersTableProps<Tier extends TierListItem> {
  tiers: Tier[];
  onAdd(): void;
  onEdit(tier: Tier): void;
  onDelete(tier: Tier): void;
}

/** The VIP tiers: a row each, one stacked item each on a phone. */
export function TiersTable<Tier extends TierListItem>({ tiers, onAdd, onEdit, onDelete }: TiersTableProps<Tier>) {
  const condensed = useCondensed();
  return (
    <IndexTable
      condensed={condensed}
      resourceName={{ singular: "tier", plural: "tiers" }}
      itemCount={tiers.length}
      selectable={false}
      headings={[{ title: "Tier" }, { title: "Reached at" }, { title: "Order points" }, { title: "Members" }, { title: "Actions" }]}
      emptyState={
        <EmptyState heading="No tiers yet" action={{ content: "Add tier", onAction: onAdd }} image="/empty-state.svg">
          <p>For example Silver at 500 points with 1.25× points on orders, and Gold at 2,000 with 1.5×.</p>
        </EmptyState>
      }
    >
      {tiers.map((tier, index) => {
        const name = (
          <Text as="span" fontWeight="semibold" breakWord>
            {tier.name}
          </Text>
        );
        const actions = <RowActions name={tier.name} onEdit={() => onEdit(tier)} onDelete={() => onDelete(tier)} />;
        if (condensed) {
          return (
            <StackedRow id={tier.id} key={tier.id} position={index}>
              {name}
              <InlineStack gap="200">
                <Text as="span">{tier.thresholdText}</Text>
                <Text as="span">{tier.multiplierText}</Text>
                <Text as="span" tone="subdued">
                  {tier.membersText}
                </Text>
              </InlineStack>
              {actions}
            </StackedRow>
          );
        }
        return (
          <IndexTable.Row id={tier.id} key={tier.id} position={index}>
            <IndexTable.Cell>{name}</IndexTable.Cell>
            <IndexTable.Cell>{tier.thresholdText}</IndexTable.Cell>
            <IndexTable.Cell>{tier.multiplierText}</IndexTable.Cell>
            <IndexTable.Cell>{tier.members}</IndexTable.Cell>
            <IndexTable.Cell>{actions}</IndexTable.Cell>
          </IndexTable.Row>
        );
      })}
    </IndexTable>
  );
}
