import { Badge, BlockStack, Box, Button, ButtonGroup, Card, Collapsible, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ChecklistStep } from "../../dashboard/onboarding";
import { useEmbedded } from "../useEmbedded";

interface ChecklistView {
  dismissed: boolean;
  collapsed: boolean;
}

/** Dismissing or collapsing is the merchant's view of this browser, not shop data. */
function useChecklistView(shop: string): [ChecklistView, (view: ChecklistView) => void] {
  const key = `retention:onboarding:${shop}`;
  const [view, setView] = useState<ChecklistView>({ dismissed: false, collapsed: false });
  useEffect(() => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(key) ?? "null") as ChecklistView | null;
      if (stored) setView({ dismissed: Boolean(stored.dismissed), collapsed: Boolean(stored.collapsed) });
    } catch {
      // unreadable storage: show the checklist open
    }
  }, [key]);
  const save = (next: ChecklistView) => {
    setView(next);
    try {
      window.localStorage.setItem(key, JSON.stringify(next));
    } catch {
      // storage refused (private mode): the choice lasts for this page view
    }
  };
  return [view, save];
}

function StepRow({ step, checking, embedded }: { step: ChecklistStep; checking: boolean; embedded: boolean }) {
  const status = step.done ? (
    <Text as="span" tone="success" fontWeight="semibold">
      ✓ Done
    </Text>
  ) : checking ? (
    <Badge>Checking…</Badge>
  ) : step.done === null ? (
    <Badge tone="attention">Couldn't check</Badge>
  ) : (
    <Badge>To do</Badge>
  );
  return (
    <Box as="li" paddingBlock="200" borderBlockStartWidth="025" borderColor="border-secondary">
      <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
        <InlineStack gap="300" blockAlign="start" wrap={false}>
          <Box minWidth="5rem">{status}</Box>
          <BlockStack gap="050">
            <Text as="h3" variant="headingSm" tone={step.done ? "subdued" : undefined}>
              {step.title}
            </Text>
            {step.done ? null : (
              <Text as="p" tone="subdued">
                {step.help}
              </Text>
            )}
          </BlockStack>
        </InlineStack>
        {step.done ? null : step.action.external ? (
          <Button url={step.action.url} target={embedded ? "_top" : "_blank"}>
            {step.action.label}
          </Button>
        ) : (
          <Button url={step.action.url}>{step.action.label}</Button>
        )}
      </InlineStack>
    </Box>
  );
}

interface SetupChecklistProps {
  steps: ChecklistStep[];
  /** The theme check has not answered yet: its steps show "Checking…". */
  checking: boolean;
  shop: string;
  themeProblem: string | null;
}

/** The "Set up Retention" card: each step, done or with the button that does it. */
export function SetupChecklist({ steps, checking, shop, themeProblem }: SetupChecklistProps) {
  const embedded = useEmbedded();
  const [view, setView] = useChecklistView(shop);
  const done = steps.filter((step) => step.done).length;
  if (view.dismissed) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Set up Retention
          </Text>
          <ButtonGroup>
            <Button
              variant="tertiary"
              disclosure={view.collapsed ? "down" : "up"}
              ariaControls="onboarding-steps"
              onClick={() => setView({ ...view, collapsed: !view.collapsed })}
            >
              {view.collapsed ? "Show steps" : "Hide steps"}
            </Button>
            <Button variant="tertiary" onClick={() => setView({ ...view, dismissed: true })}>
              Dismiss
            </Button>
          </ButtonGroup>
        </InlineStack>
        <InlineStack gap="300" blockAlign="center" wrap={false}>
          <Text as="p" tone="subdued">{`${done} of ${steps.length} steps done`}</Text>
          <Box width="12rem">
            <ProgressBar progress={Math.round((done / steps.length) * 100)} size="small" tone="success" />
          </Box>
        </InlineStack>
        <Collapsible id="onboarding-steps" open={!view.collapsed}>
          <BlockStack gap="200">
            {themeProblem ? (
              <Text as="p" tone="subdued">{`We couldn't check your theme (${themeProblem}). The theme editor links still work.`}</Text>
            ) : null}
            <BlockStack as="ul">
              {steps.map((step) => (
                <StepRow key={step.id} step={step} checking={checking && step.done === null} embedded={embedded} />
              ))}
            </BlockStack>
          </BlockStack>
        </Collapsible>
      </BlockStack>
    </Card>
  );
}
