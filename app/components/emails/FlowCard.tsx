import { Badge, BlockStack, Button, Card, InlineStack, Link, Text } from "@shopify/polaris";
import type { FlowCardView, TemplateLink } from "../../emails/emails-page";
import { LOCALE_NAMES } from "../../emails/template-kinds";
import { countOf } from "../../lib/format";

function TemplateLinks({ templates }: { templates: TemplateLink[] }) {
  return templates.map((template) => (
    <InlineStack key={`${template.kind}/${template.locale}`} gap="200" blockAlign="center">
      <Link
        url={`/app/emails/templates/${template.kind}/${template.locale}`}
      >{`${template.label} · ${LOCALE_NAMES[template.locale]}`}</Link>
      {template.customized ? <Badge tone="info">Customized</Badge> : null}
    </InlineStack>
  ));
}

/** One post-purchase flow: on or off, when it sends, the last 30 days' counts and its templates. */
export function FlowCard({ title, flow, templates }: { title: string; flow: FlowCardView; templates: TemplateLink[] }) {
  const { enabled, timing, notes, summary } = flow;
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {title}
              </Text>
              <Badge tone={enabled ? "success" : undefined}>{enabled ? "On" : "Off"}</Badge>
            </InlineStack>
            <Button variant="plain" url="/app/emails/settings">
              Edit settings
            </Button>
          </InlineStack>
          <Text as="p">{timing}</Text>
          {notes.map((note) => (
            <Text as="p" tone="subdued" key={note}>
              {note}
            </Text>
          ))}
        </BlockStack>
        <InlineStack gap="400">
          <Text as="p">
            <Text as="span" fontWeight="semibold">
              {summary.sent}
            </Text>{" "}
            sent in the last 30 days
          </Text>
          <Text as="p">
            <Text as="span" fontWeight="semibold">
              {summary.scheduled}
            </Text>{" "}
            scheduled
          </Text>
          <Text as="p" tone={summary.failed > 0 ? "critical" : undefined}>
            <Text as="span" fontWeight="semibold">
              {summary.failed}
            </Text>{" "}
            failed or bounced
          </Text>
        </InlineStack>
        {flow.engagement ? (
          <InlineStack gap="400">
            <Text as="p">
              <Text as="span" fontWeight="semibold">
                {flow.engagement.opened}
              </Text>{" "}
              {`opened (${countOf(summary.opens, "open", "opens")})`}
            </Text>
            <Text as="p">
              <Text as="span" fontWeight="semibold">
                {flow.engagement.clicked}
              </Text>{" "}
              {`clicked (${countOf(summary.clicks, "click", "clicks")})`}
            </Text>
          </InlineStack>
        ) : null}
        {flow.engagement ? (
          <Text as="p" tone="subdued" variant="bodySm">
            Of tracked emails sent in the last 30 days. Apple Mail loads every image for its users, so opens read high; clicks are the surer
            measure.
          </Text>
        ) : null}
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Templates
          </Text>
          <TemplateLinks templates={templates} />
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

/** The loyalty programme's emails (points about to expire, points now spendable), edited here like the others. */
export function PointsExpiryCard({ templates }: { templates: TemplateLink[] }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Loyalty emails
        </Text>
        <Text as="p" tone="subdued">
          Sent by the loyalty programme before a customer's unused points expire, and when an order's points can be spent. Both are switched
          on or off in the loyalty settings.
        </Text>
        <TemplateLinks templates={templates} />
      </BlockStack>
    </Card>
  );
}
