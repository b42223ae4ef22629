import { useCallback, useImperativeHandle, useRef, useState, type Ref } from "react";
import type { z } from "zod";
import { useFetcherForm } from "./useFetcherForm";
import type { FormStrings } from "./useSettingsForm";

/** What a modal form opens with: the item edited (`id` null: a new one) and the form's values. */
export interface ModalOpening {
  id: string | null;
  values: FormStrings;
}

/**
 * A create/edit form in a modal over a list page (render it with FormModal), in a component
 * mounted afresh for each opening (see useModalOpening). The form posts `intent` "create" or
 * "update" (with `id`; other names with `intents`). A save that works shows its message and
 * closes the modal; one that fails shows its problems per field, or its message when it names no field.
 */
export function useModalForm({
  id,
  schema,
  show,
  opening,
  close,
  intents = { create: "create", update: "update" },
}: {
  /** The form element's id (unique on the page). */
  id: string;
  /** The schema the action parses the form with. */
  schema: z.ZodTypeAny;
  /** The page's toast (useAdminToast). */
  show(message: string): void;
  /** What the modal opened with; null while it is closed. */
  opening: ModalOpening | null;
  close(): void;
  /** The intents the action knows for adding and for saving an item. */
  intents?: { create: string; update: string };
}) {
  const fetcherForm = useFetcherForm({ id, schema, defaultValue: opening?.values, show, onSaved: close });
  return {
    ...fetcherForm,
    /** The item being edited: `id` null for a new one; null while the modal is closed. */
    editing: opening,
    close,
    /** The hidden fields naming what the form does. */
    intent: opening?.id ? { intent: intents.update, id: opening.id } : { intent: intents.create },
  };
}

export type ModalForm = ReturnType<typeof useModalForm>;

/** What a modal that keeps its form's state to itself exposes to its page. */
export interface ModalOpener<Item> {
  /** null: a new item. */
  open(item: Item | null): void;
}

/**
 * A stable `open` for a modal that keeps its form's state to itself (pass `ref` to the modal,
 * which calls useModalOpening): opening it or typing in it re-renders the modal only. With the
 * form's state in the page, each click re-rendered the page and its list.
 */
export function useModalOpener<Item>() {
  const ref = useRef<ModalOpener<Item>>(null);
  const open = useCallback((item: Item | null) => ref.current?.open(item), []);
  return { ref, open };
}

/**
 * The modal's side of `ref`: what it was opened with, and a `session` to key its form component
 * with. Each opening mounts a new form from its values. Restarting one form under a new id
 * instead left Conform's reset pending until the modal's form was in the page, where it then
 * emptied the first field typed.
 */
export function useModalOpening<Item>(ref: Ref<ModalOpener<Item>>, toOpening: (item: Item | null) => ModalOpening) {
  const [state, setState] = useState<{ opening: ModalOpening | null; session: number }>({ opening: null, session: 0 });
  useImperativeHandle(ref, () => ({
    open: (item) => setState((previous) => ({ opening: toOpening(item), session: previous.session + 1 })),
  }));
  const close = useCallback(() => setState((previous) => ({ ...previous, opening: null })), []);
  return { ...state, close };
}
