import { useCallback, useRef, useState } from "react";
import type { z } from "zod";
import { useFetcherForm } from "./useFetcherForm";
import type { FormStrings } from "./useSettingsForm";

/**
 * A create/edit form in a modal over a list page (render it with FormModal). `open(null, values)`
 * adds, `open(id, values)` edits, each time afresh; the form posts `intent` "create" or "update"
 * (with `id`; other names with `intents`). A save that works shows its message and closes the
 * modal; one that fails shows its problems per field, or its message when it names no field.
 */
export function useModalForm({
  id,
  schema,
  show,
  intents = { create: "create", update: "update" },
}: {
  /** The form element's id (unique on the page). */
  id: string;
  /** The schema the action parses the form with. */
  schema: z.ZodTypeAny;
  /** The page's toast (useAdminToast). */
  show(message: string): void;
  /** The intents the action knows for adding and for saving an item. */
  intents?: { create: string; update: string };
}) {
  // The item being edited (null: a new one) and the values it opened with, or no modal at all.
  const [editing, setEditing] = useState<{ id: string | null; values: FormStrings } | null>(null);
  const fetcherForm = useFetcherForm({ id, schema, defaultValue: editing?.values, show, onSaved: () => setEditing(null) });

  return {
    ...fetcherForm,
    /** The item being edited: `id` null for a new one; null while the modal is closed. */
    editing,
    open: (itemId: string | null, values: FormStrings) => {
      fetcherForm.restart();
      setEditing({ id: itemId, values });
    },
    close: () => setEditing(null),
    /** The hidden fields naming what the form does. */
    intent: editing?.id ? { intent: intents.update, id: editing.id } : { intent: intents.create },
  };
}

export type ModalForm = ReturnType<typeof useModalForm>;

/** What a modal that keeps its own form exposes to its page. */
export interface ModalOpener<Item> {
  /** null: a new item. */
  open(item: Item | null): void;
}

/**
 * A stable `open` for a modal that keeps its form's state to itself (pass `ref` to the modal,
 * which calls useModalForm and useImperativeHandle): opening it or typing in it re-renders the
 * modal only. With the form's state in the page, each click re-rendered the page and its list.
 */
export function useModalOpener<Item>() {
  const ref = useRef<ModalOpener<Item>>(null);
  const open = useCallback((item: Item | null) => ref.current?.open(item), []);
  return { ref, open };
}
