// The block editor of an email template: colours and logo, then one card per block with its
// fields and move up / move down / remove, and "Add block". Changes go to the parent, which keeps
// the design in the form (as JSON) together with the Liquid made from it.
import {
  ActionList,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  InlineGrid,
  InlineStack,
  Popover,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import {
  BLOCK_LABELS,
  blockTypesFor,
  newBlock,
  type BlockProblem,
  type BlockTemplate,
  type EmailBlock,
  type EmailDesign,
} from "../../emails/blocks";
import type { EmailLocale, TemplateKind } from "../../emails/template-kinds";

interface BlockEditorProps {
  kind: TemplateKind;
  locale: EmailLocale;
  template: BlockTemplate;
  problems: BlockProblem[];
  /** The variables a button may link to, for its help text. */
  linkVariables: string[];
  onChange(template: BlockTemplate): void;
}

export function BlockEditor({ kind, locale, template, problems, linkVariables, onChange }: BlockEditorProps) {
  const { design, blocks } = template;
  const setDesign = (change: Partial<EmailDesign>) => onChange({ design: { ...design, ...change }, blocks });
  const setBlocks = (next: EmailBlock[]) => onChange({ design, blocks: next });
  const move = (index: number, by: number) => {
    const next = [...blocks];
    const [block] = next.splice(index, 1);
    next.splice(index + by, 0, block!);
    setBlocks(next);
  };
  const problemOf = (index: number | null) => problems.find((problem) => problem.index === index)?.message;

  return (
    <BlockStack gap="400">
      <DesignCard design={design} error={problemOf(null)} onChange={setDesign} />
      {blocks.map((block, index) => {
        const title = `${index + 1}. ${BLOCK_LABELS[block.type]}`;
        return (
          // Blocks have no ids: the position is the identity, and moving re-renders both cards.
          <Card key={`${index}-${block.type}`}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center" gap="200" wrap>
                <Text as="h3" variant="headingSm">
                  {title}
                </Text>
                <ButtonGroup>
                  <Button size="slim" disabled={index === 0} onClick={() => move(index, -1)} accessibilityLabel={`Move ${title} up`}>
                    Up
                  </Button>
                  <Button
                    size="slim"
                    disabled={index === blocks.length - 1}
                    onClick={() => move(index, 1)}
                    accessibilityLabel={`Move ${title} down`}
                  >
                    Down
                  </Button>
                  <Button
                    size="slim"
                    tone="critical"
                    variant="plain"
                    onClick={() => setBlocks(blocks.filter((_, other) => other !== index))}
                    accessibilityLabel={`Remove ${title}`}
                  >
                    Remove
                  </Button>
                </ButtonGroup>
              </InlineStack>
              <BlockFields
                block={block}
                error={problemOf(index)}
                linkVariables={linkVariables}
                onChange={(changed) => setBlocks(blocks.map((other, at) => (at === index ? changed : other)))}
              />
            </BlockStack>
          </Card>
        );
      })}
      <AddBlock kind={kind} onAdd={(type) => setBlocks([...blocks, newBlock(type, kind, locale)])} />
    </BlockStack>
  );
}

function DesignCard({ design, error, onChange }: { design: EmailDesign; error?: string; onChange(change: Partial<EmailDesign>): void }) {
  const swatch = (colour: string) => (
    <span
      aria-hidden
      style={{ display: "inline-block", width: 16, height: 16, borderRadius: 4, background: colour, border: "1px solid #8a8a8a" }}
    />
  );
  const colourField = (label: string, name: "background" | "text" | "button") => (
    <TextField
      label={label}
      value={design[name]}
      onChange={(value) => onChange({ [name]: value })}
      prefix={swatch(design[name])}
      autoComplete="off"
      maxLength={7}
    />
  );
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          Colours and logo
        </Text>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          {colourField("Background", "background")}
          {colourField("Text", "text")}
          {colourField("Buttons", "button")}
        </InlineGrid>
        <TextField
          label="Logo address"
          value={design.logoUrl}
          onChange={(logoUrl) => onChange({ logoUrl })}
          placeholder="https://cdn.shopify.com/…/logo.png"
          helpText="Your logo's https:// address, e.g. from Content → Files in Shopify. Shown by the Logo block."
          error={error}
          autoComplete="off"
        />
      </BlockStack>
    </Card>
  );
}

const VARIABLE_HELP = 'Variables such as {{ customer.first_name | default: "there" }} or {{ shop.name }} are filled in for each customer.';

function BlockFields({
  block,
  error,
  linkVariables,
  onChange,
}: {
  block: EmailBlock;
  error?: string;
  linkVariables: string[];
  onChange(block: EmailBlock): void;
}) {
  switch (block.type) {
    case "heading":
      return (
        <TextField label="Heading" value={block.text} onChange={(text) => onChange({ ...block, text })} error={error} autoComplete="off" />
      );
    case "text":
      return (
        <TextField
          label="Text"
          value={block.text}
          onChange={(text) => onChange({ ...block, text })}
          multiline={3}
          helpText={VARIABLE_HELP}
          error={error}
          autoComplete="off"
        />
      );
    case "button":
      return (
        <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
          <TextField label="Button label" value={block.label} onChange={(label) => onChange({ ...block, label })} autoComplete="off" />
          <TextField
            label="Link"
            value={block.link}
            onChange={(link) => onChange({ ...block, link })}
            helpText={`A web address (https://…), or one of: ${linkVariables.join(", ")}`}
            error={error}
            autoComplete="off"
          />
        </InlineGrid>
      );
    case "products":
      return (
        <TextField
          label="Button under each product"
          value={block.buttonLabel}
          onChange={(buttonLabel) => onChange({ ...block, buttonLabel })}
          helpText="Lists the products to review, with their photo and 1–5 star links when available."
          error={error}
          autoComplete="off"
        />
      );
    case "survey":
      return (
        <BlockStack gap="300">
          <TextField
            label="Question"
            value={block.question}
            onChange={(question) => onChange({ ...block, question })}
            error={error}
            autoComplete="off"
          />
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            <TextField label="1 means" value={block.low} onChange={(low) => onChange({ ...block, low })} autoComplete="off" />
            <TextField label="5 means" value={block.high} onChange={(high) => onChange({ ...block, high })} autoComplete="off" />
          </InlineGrid>
          <Text as="p" tone="subdued">
            Shown only when the satisfaction question is on in Email settings.
          </Text>
        </BlockStack>
      );
    case "image":
      return (
        <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
          <TextField
            label="Image address"
            value={block.src}
            onChange={(src) => onChange({ ...block, src })}
            placeholder="https://…"
            error={error}
            autoComplete="off"
          />
          <TextField
            label="Description (alt text)"
            value={block.alt}
            onChange={(alt) => onChange({ ...block, alt })}
            helpText="Read aloud by screen readers and shown when images are off."
            autoComplete="off"
          />
        </InlineGrid>
      );
    case "logo":
      return <Hint error={error} text="Shows the logo set under Colours and logo, linked to nothing." />;
    case "divider":
      return <Hint error={error} text="A thin line between parts of the email." />;
  }
}

function Hint({ text, error }: { text: string; error?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {text}
      </Text>
      {error ? (
        <Text as="p" tone="critical">
          {error}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function AddBlock({ kind, onAdd }: { kind: TemplateKind; onAdd(type: EmailBlock["type"]): void }) {
  const [open, setOpen] = useState(false);
  return (
    <Box>
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        activator={
          <Button onClick={() => setOpen((was) => !was)} disclosure aria-expanded={open}>
            Add block
          </Button>
        }
      >
        <ActionList
          actionRole="menuitem"
          items={blockTypesFor(kind).map((type) => ({
            content: BLOCK_LABELS[type],
            onAction: () => {
              setOpen(false);
              onAdd(type);
            },
          }))}
        />
      </Popover>
    </Box>
  );
}
