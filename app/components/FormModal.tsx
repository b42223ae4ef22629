import { getFormProps } from "@conform-to/react";
import { Banner, BlockStack, Modal } from "@shopify/polaris";
import { startTransition, useEffect, useState, type ReactNode } from "react";
import type { ModalForm } from "./useModalForm";

/**
 * The modal of a useModalForm: Save and Cancel, Enter in a field saves, and a refusal that
 * names no field as a banner above the fields.
 */
export function FormModal({
  modalForm,
  title,
  saveLabel,
  children,
}: {
  modalForm: ModalForm;
  title: string;
  saveLabel: string;
  children: ReactNode;
}) {
  const { form, editing, intent } = modalForm;
  const open = editing !== null;
  // The fields render in a second, interruptible pass: the click paints the modal's frame (title,
  // Save and Cancel) at once, and its fields follow within its opening animation. A modal form
  // mounts afresh for each opening, and React 18's useDeferredValue defers nothing on mount.
  const [fieldsShown, setFieldsShown] = useState(false);
  useEffect(() => {
    if (open) startTransition(() => setFieldsShown(true));
  }, [open]);
  return (
    <Modal
      open={open}
      onClose={modalForm.close}
      title={title}
      primaryAction={{ content: saveLabel, loading: modalForm.saving, onAction: modalForm.submit }}
      secondaryActions={[{ content: "Cancel", onAction: modalForm.close }]}
    >
      <Modal.Section>
        <form method="post" {...getFormProps(form)}>
          {Object.entries(intent).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <BlockStack gap="400">
            {form.errors?.length ? <Banner tone="critical">{form.errors[0]}</Banner> : null}
            {fieldsShown ? children : null}
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
