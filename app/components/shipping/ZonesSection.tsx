import { BlockStack, Card, EmptyState, IndexTable, Layout, Text } from "@shopify/polaris";
import { RowActions } from "../RowActions";
import { SyncBadge, type Sync } from "./FreeShippingSections";

interface ZoneRow {
  id: string;
  name: string;
  countries: string[];
  rateToShop: string;
  amountText: string;
  checkoutText: string;
  sync: Sync | null;
}

/** The free-shipping page's Markets section: the zones, with Add, Edit and Delete. */
export function ZonesSection<Zone extends ZoneRow>({
  zones,
  onAdd,
  onEdit,
  onDelete,
}: {
  zones: Zone[];
  onAdd(): void;
  onEdit(zone: Zone): void;
  onDelete(zone: Zone): void;
}) {
  return (
    <Layout.AnnotatedSection
      title="Markets"
      description="A zone gives its countries their own threshold in the currency they pay in. A country belongs to one zone."
    >
      <Card padding="0">
        <IndexTable
          resourceName={{ singular: "zone", plural: "zones" }}
          itemCount={zones.length}
          selectable={false}
          headings={[{ title: "Zone" }, { title: "Countries" }, { title: "Threshold" }, { title: "Checkout" }, { title: "Actions" }]}
          emptyState={
            <EmptyState heading="No zones yet" action={{ content: "Add zone", onAction: onAdd }} image="/empty-state.svg">
              <p>For example Europe at €60 for GR, DE, FR, IT and ES.</p>
            </EmptyState>
          }
        >
          {zones.map((zone, index) => (
            <IndexTable.Row id={zone.id} key={zone.id} position={index}>
              <IndexTable.Cell>
                <BlockStack gap="100">
                  <Text as="span" fontWeight="semibold">
                    {zone.name}
                  </Text>
                  <SyncBadge sync={zone.sync} />
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{zone.countries.join(", ")}</IndexTable.Cell>
              <IndexTable.Cell>{zone.amountText}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" tone="subdued">{`${zone.checkoutText} at ${zone.rateToShop}`}</Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <RowActions name={zone.name} onEdit={() => onEdit(zone)} onDelete={() => onDelete(zone)} />
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Layout.AnnotatedSection>
  );
}
