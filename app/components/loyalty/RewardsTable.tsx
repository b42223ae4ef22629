import { Badge, Button, EmptyState, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { StackedRow } from "../StackedRow";
import { formatNumber } from "../../lib/format";
import { RowActions } from "../RowActions";
import { useCondensed } from "../useCondensed";

/** A reward as the rewards page lists it, its texts formatted by the loader. */
export interface RewardListItem {
  id: string;
  name: string;
  enabled: boolean;
  redemptions: number;
  /** "$5.00 off on orders from $30.00". */
  detailText: string;
  costText: string;
}

interface RewardsTableProps<Reward extends RewardListItem> {
  rewards: Reward[];
  onAdd(): void;
  onEdit(reward: Reward): void;
  onDelete(reward: Reward): void;
  onToggle(reward: Reward): void;
  /** The reward whose enable/disable is being saved. */
  toggling(reward: Reward): boolean;
}

/**
 * The rewards list. A long name wraps in its column (index table cells keep to one line, which
 * pushed Status and Actions off); on a phone each reward is one stacked item.
 */
export function RewardsTable<Reward extends RewardListItem>({
  rewards,
  onAdd,
  onEdit,
  onDelete,
  onToggle,
  toggling,
}: RewardsTableProps<Reward>) {
  const condensed = useCondensed();
  return (
    <IndexTable
      condensed={condensed}
      resourceName={{ singular: "reward", plural: "rewards" }}
      itemCount={rewards.length}
      selectable={false}
      headings={[{ title: "Reward" }, { title: "Cost" }, { title: "Redeemed" }, { title: "Status" }, { title: "Actions" }]}
      emptyState={
        <EmptyState heading="No rewards yet" action={{ content: "Add reward", onAction: onAdd }} image="/empty-state.svg">
          <p>Offer an amount off, a percentage off, free shipping or store credit for a number of points.</p>
        </EmptyState>
      }
    >
      {rewards.map((reward, index) => {
        const name = (
          <div style={{ whiteSpace: "normal", minWidth: 140, maxWidth: 320 }}>
            <Text as="span" fontWeight="semibold" breakWord>
              {reward.name}
            </Text>
            <Text as="p" tone="subdued">
              {reward.detailText}
            </Text>
          </div>
        );
        const status = reward.enabled ? <Badge tone="success">Active</Badge> : <Badge>Disabled</Badge>;
        const actions = (
          <RowActions name={reward.name} onEdit={() => onEdit(reward)} onDelete={() => onDelete(reward)}>
            <Button
              size="slim"
              loading={toggling(reward)}
              onClick={() => onToggle(reward)}
              accessibilityLabel={`${reward.enabled ? "Disable" : "Enable"} ${reward.name}`}
            >
              {reward.enabled ? "Disable" : "Enable"}
            </Button>
          </RowActions>
        );
        if (condensed) {
          return (
            <StackedRow id={reward.id} key={reward.id} position={index}>
              {name}
              <InlineStack gap="200" blockAlign="center">
                <Text as="span">{reward.costText}</Text>
                <Text as="span" tone="subdued">
                  {`${formatNumber(reward.redemptions)} redeemed`}
                </Text>
                {status}
              </InlineStack>
              {actions}
            </StackedRow>
          );
        }
        return (
          <IndexTable.Row id={reward.id} key={reward.id} position={index}>
            <IndexTable.Cell>{name}</IndexTable.Cell>
            <IndexTable.Cell>{reward.costText}</IndexTable.Cell>
            <IndexTable.Cell>{formatNumber(reward.redemptions)}</IndexTable.Cell>
            <IndexTable.Cell>{status}</IndexTable.Cell>
            <IndexTable.Cell>{actions}</IndexTable.Cell>
          </IndexTable.Row>
        );
      })}
    </IndexTable>
  );
}
