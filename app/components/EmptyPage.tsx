import { Card, EmptyState, Layout, Page } from "@shopify/polaris";

interface EmptyPageProps {
  title: string;
  heading: string;
  body: string;
}

/** A page whose feature has no data yet: Polaris empty state inside the standard page frame. */
export function EmptyPage({ title, heading, body }: EmptyPageProps) {
  return (
    <Page title={title}>
      <Layout>
        <Layout.Section>
          <Card>
            <EmptyState heading={heading} image="/empty-state.svg">
              <p>{body}</p>
            </EmptyState>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
