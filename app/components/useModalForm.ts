import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { FieldErrors } from "../forms";

/** What a list page's action answers: a message for the toast, and per-field problems when a form is refused. */
export type ListActionResult<Input> = { ok: true; message: string } | { ok: false; message: string; errors?: FieldErrors<Input> };

/**
 * A create/edit form in a modal over a list page. `open(null, …)` adds, `open(id, …)` edits;
 * `submit` posts `intent` "create" or "update" (with `id`; other names with `intents`) and the fields from `toPayload`.
 * A save that works shows its message and closes the modal; one that fails shows its
 * problems per field, or its message when it names no field.
 */
export function useModalForm<Values extends object, Input>({
  toPayload,
  show,
  intents = { create: "create", update: "update" },
}: {
  toPayload(values: Values): Record<string, string>;
  /** The page's toast (useAdminToast). */
  show(message: string): void;
  /** The intents the action knows for adding and for saving an item. */
  intents?: { create: string; update: string };
}) {
  const save = useFetcher<ListActionResult<Input>>();
  // The item being edited (null: a new one), or no modal at all.
  const [editing, setEditing] = useState<{ id: string | null; values: Values } | null>(null);
  // A form opened afresh shows no errors until it is saved.
  const [submitted, setSubmitted] = useState(false);

  useEffect(() => {
    if (save.state !== "idle" || !save.data?.ok) return;
    show(save.data.message);
    setEditing(null);
  }, [save.state, save.data, show]);

  const open = (id: string | null, values: Values) => {
    setSubmitted(false);
    setEditing({ id, values });
  };
  const close = () => setEditing(null);
  const failed = submitted && save.state === "idle" && save.data && !save.data.ok ? save.data : null;
  const errors: FieldErrors<Input> = (failed as { errors?: FieldErrors<Input> } | null)?.errors ?? {};
  const formMessage = failed && Object.keys(errors).length === 0 ? failed.message : null;

  const set =
    <K extends keyof Values>(key: K) =>
    (value: Values[K]) =>
      setEditing((current) => (current ? { ...current, values: { ...current.values, [key]: value } } : current));

  const submit = () => {
    if (!editing) return;
    const { id, values } = editing;
    setSubmitted(true);
    save.submit({ intent: id ? intents.update : intents.create, ...(id ? { id } : {}), ...toPayload(values) }, { method: "post" });
  };

  return {
    /** The item being edited: `id` null for a new one; null while the modal is closed. */
    editing,
    open,
    close,
    set,
    submit,
    saving: save.state !== "idle",
    errors,
    /** A refusal that names no field, for a banner in the form. */
    formMessage,
  };
}
