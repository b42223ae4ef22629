import { useForm, type SubmissionResult } from "@conform-to/react";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { z } from "zod";
import { validateWith } from "./forms/validate";
import type { FormStrings } from "./useSettingsForm";

/** What an action answers a form posted from a page that stays: Conform's reply, with the toast's text once saved. */
export type FetcherFormResult = SubmissionResult<string[]> & { message?: string };

/**
 * A form that posts without leaving its page (in a modal, in a side card), on Conform: the
 * browser checks it with the action's schema, the action's reply shows per field or, naming no
 * field, in `form.errors`; a save that works shows its message and calls `onSaved`.
 * `restart` starts the form over from `defaultValue`, with no errors.
 */
export function useFetcherForm({
  id,
  schema,
  defaultValue,
  show,
  onSaved,
}: {
  /** The form element's id (unique on the page). */
  id: string;
  schema: z.ZodTypeAny;
  defaultValue: FormStrings | undefined;
  /** The page's toast (useAdminToast). */
  show(message: string): void;
  onSaved?(): void;
}) {
  const fetcher = useFetcher<FetcherFormResult>();
  // A new form id makes Conform start over from the defaults, ignoring the last reply.
  const [version, setVersion] = useState(0);
  const [form, fields] = useForm<FormStrings>({
    id: `${id}-${version}`,
    defaultValue,
    lastResult: fetcher.data,
    ...validateWith(schema),
    onSubmit(event, { formData }) {
      event.preventDefault();
      fetcher.submit(formData, { method: "post" });
    },
  });

  useEffect(() => {
    if (fetcher.state !== "idle" || fetcher.data?.status !== "success") return;
    if (fetcher.data.message) show(fetcher.data.message);
    onSaved?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer; onSaved is the page's latest closure
  }, [fetcher.state, fetcher.data, show]);

  const current = (form.value ?? {}) as Partial<FormStrings>;
  return {
    form,
    fields,
    /** The current value of a field as typed (for help texts and previews). */
    value: (name: string) => current[name] ?? "",
    /** Submitting through the form lets Conform check every field first, as Enter in a field does. */
    submit: () => document.forms.namedItem(form.id)?.requestSubmit(),
    saving: fetcher.state !== "idle",
    restart: () => setVersion((previous) => previous + 1),
  };
}
