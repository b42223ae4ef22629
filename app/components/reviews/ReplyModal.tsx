import { Modal, TextField } from "@shopify/polaris";

export interface ReplyDraft {
  id: string;
  reply: string;
}

interface ReplyModalProps {
  /** The reply being written, or null when the modal is closed. */
  draft: ReplyDraft | null;
  onChange(draft: ReplyDraft | null): void;
  onSave(draft: ReplyDraft): void;
  saving: boolean;
}

/** The merchant's public reply under a review; saving an empty reply removes it. */
export function ReplyModal({ draft, onChange, onSave, saving }: ReplyModalProps) {
  return (
    <Modal
      open={draft !== null}
      onClose={() => onChange(null)}
      title="Public reply"
      primaryAction={{
        content: "Save reply",
        loading: saving,
        onAction: () => {
          if (draft) onSave(draft);
          onChange(null);
        },
      }}
      secondaryActions={[{ content: "Cancel", onAction: () => onChange(null) }]}
    >
      <Modal.Section>
        <TextField
          label="Reply shown under the review on your store"
          value={draft?.reply ?? ""}
          onChange={(reply) => onChange(draft ? { ...draft, reply } : draft)}
          multiline={4}
          maxLength={2000}
          showCharacterCount
          autoComplete="off"
          helpText="Leave empty to remove the reply."
        />
      </Modal.Section>
    </Modal>
  );
}
