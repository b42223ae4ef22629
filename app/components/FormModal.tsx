import { Banner, BlockStack, Modal } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { useModalForm } from "./useModalForm";

type ModalForm = Pick<ReturnType<typeof useModalForm>, "editing" | "close" | "submit" | "saving" | "formMessage">;

/**
 * The modal of a useModalForm: Save and Cancel, Enter in a field saves, and a refusal that
 * names no field as a banner above the fields.
 */
export function FormModal({ form, title, saveLabel, children }: { form: ModalForm; title: string; saveLabel: string; children: ReactNode }) {
  return (
    <Modal
      open={form.editing !== null}
      onClose={form.close}
      title={title}
      primaryAction={{ content: saveLabel, loading: form.saving, onAction: form.submit }}
      secondaryActions={[{ content: "Cancel", onAction: form.close }]}
    >
      <Modal.Section>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            form.submit();
          }}
        >
          <BlockStack gap="400">
            {form.formMessage ? <Banner tone="critical">{form.formMessage}</Banner> : null}
            {children}
          </BlockStack>
          <button type="submit" hidden />
        </form>
      </Modal.Section>
    </Modal>
  );
}

/** Asks before a destructive action: the action (destructive) and Cancel. */
export function ConfirmModal({
  open,
  onClose,
  title,
  confirmLabel,
  loading,
  onConfirm,
  children,
}: {
  open: boolean;
  onClose(): void;
  title: string;
  confirmLabel: string;
  loading: boolean;
  onConfirm(): void;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={title}
      primaryAction={{ content: confirmLabel, destructive: true, loading, onAction: onConfirm }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>{children}</Modal.Section>
    </Modal>
  );
}
