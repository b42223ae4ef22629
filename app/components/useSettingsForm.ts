import { useForm, useFormMetadata, type SubmissionResult } from "@conform-to/react";
import { useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { z } from "zod";
import { validateWith } from "./forms/validate";
import { useAdminToast, type AdminToast } from "./useAdminToast";

/** The form as posted: every field as the string a form sends ("on" or "" for a checkbox). */
export type FormStrings = Record<string, string>;

interface SettingsFormOptions<Schema extends z.ZodTypeAny, Result extends SubmissionResult> {
  /** The form element's id (unique on the page). */
  id: string;
  /** The schema the action parses with: the browser shows the same messages before posting. */
  schema: Schema;
  /** The settings as saved, as the form posts them. */
  defaultValue: FormStrings;
  /** The action's answer to the last save (useActionData). */
  lastResult: Result | undefined;
  /** The toast after a successful save. */
  savedMessage(result: Result): string;
  /** The page's toast, when the page shows others too (by default the form has its own). */
  adminToast?: AdminToast;
}

/**
 * An admin settings form with a contextual save bar (Conform): the fields, validated in the
 * browser by the action's own schema, whether they differ from what is saved, saving,
 * discarding, and a toast on success. When the saved settings change (after a save), the
 * form starts over from them.
 */
export function useSettingsForm<Schema extends z.ZodTypeAny, Result extends SubmissionResult>({
  id,
  schema,
  defaultValue,
  lastResult,
  savedMessage,
  adminToast,
}: SettingsFormOptions<Schema, Result>) {
  const navigation = useNavigation();
  const ownToast = useAdminToast();
  const { show, toast } = adminToast ?? ownToast;

  // A new form id makes Conform start over from the new defaults; other reloads keep the edits.
  const serialized = JSON.stringify(defaultValue);
  const [saved, setSaved] = useState({ serialized, version: 0 });
  if (saved.serialized !== serialized) setSaved({ serialized, version: saved.version + 1 });

  const [form, fields] = useForm<FormStrings>({
    id: `${id}-${saved.version}`,
    defaultValue,
    lastResult,
    ...validateWith(schema),
  });

  useEffect(() => {
    if (lastResult?.status === "success") show(savedMessage(lastResult));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- savedMessage is a module-level function of the route
  }, [lastResult, show]);

  const saving = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const current = (form.value ?? {}) as Partial<FormStrings>;
  const dirty = Object.keys(defaultValue).some((name) => (current[name] ?? "") !== defaultValue[name]);
  // Submitting through the form lets Conform check every field first, as Enter in a field does.
  const save = () => (document.getElementById(form.id) as HTMLFormElement | null)?.requestSubmit();

  return {
    form,
    fields,
    /** The current value of a field as typed (for help texts and previews). */
    value: (name: string) => current[name] ?? "",
    /** The last save was refused and its problems are not discarded: show the banner. */
    showServerErrors: lastResult?.status === "error" && Object.keys(form.allErrors).length > 0,
    /** Spread into SettingsSaveBar (with its id). */
    saveBar: { open: dirty || saving, saving, onSave: save, onDiscard: () => form.reset() },
    /** Render somewhere in the page (the standalone demo's toast). */
    toast,
  };
}

/**
 * The fields of a settings form for a section that renders apart from its page: the section is
 * wrapped in memo, takes the form's id, and sits inside the page's `<FormProvider context={form.context}>`.
 * It then re-renders when the fields it shows change value or problems, not with the page, which
 * re-renders at every keystroke, check and save (Conform re-renders the component that owns the form).
 */
export function useSettingsFields(formId: string) {
  const fields = useFormMetadata<FormStrings>(formId).getFieldset();
  return {
    fields,
    /** The current value of a field as typed (for help texts and previews). */
    value: (name: string) => fields[name]?.value ?? "",
  };
}
