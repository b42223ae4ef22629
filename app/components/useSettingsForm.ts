import { useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { FieldErrors } from "../forms";
import { useAdminToast, type AdminToast } from "./useAdminToast";

/** A whole number as typed, or null while the field does not hold one. */
export const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : null);

/**
 * What a settings route's action answers: the settings as saved (or nothing, when the form
 * follows the settings the loader loads again after the save), or one problem per field.
 */
export type SettingsSaveResult<Settings, Input> = { ok: true; settings?: Settings } | { ok: false; errors: FieldErrors<Input> };

interface SettingsFormOptions<Settings, Values, Input, Result extends SettingsSaveResult<Settings, Input>> {
  /** The settings as loaded. */
  settings: Settings;
  /** The action's answer to the last save (useActionData). */
  result: Result | undefined;
  /** The settings as the form edits them (numbers as typed). */
  toForm(settings: Settings): Values;
  /** The form as posted: the action's input fields. */
  toPayload(values: Values): Record<keyof Input, string>;
  /** Fields that must hold a whole number before Save is allowed; the server checks everything again. */
  wholeNumberFields?: readonly (keyof Values)[];
  /** Other problems the browser can see before saving (they block Save too), by field. */
  validate?(values: Values): Partial<Record<keyof Values | keyof Input, string>>;
  /** The toast after a successful save. */
  savedMessage(result: Extract<Result, { ok: true }>): string;
  /** The page's toast, when the page shows others too (by default the form has its own). */
  adminToast?: AdminToast;
}

/**
 * The state of an admin settings form with a contextual save bar: the values being edited,
 * whether they differ from what is saved, posting them, discarding them, a toast on success,
 * and the problems to show per field (the browser's own checks first, then the server's).
 */
export function useSettingsForm<Settings, Values extends object, Input, Result extends SettingsSaveResult<Settings, Input>>({
  settings,
  result,
  toForm,
  toPayload,
  wholeNumberFields = [],
  validate,
  savedMessage,
  adminToast,
}: SettingsFormOptions<Settings, Values, Input, Result>) {
  const navigation = useNavigation();
  const submit = useSubmit();
  const ownToast = useAdminToast();
  const { show, toast } = adminToast ?? ownToast;

  // eslint-disable-next-line react-hooks/exhaustive-deps -- toForm is a module-level function of the route
  const saved = useMemo(() => toForm(settings), [settings]);
  const [values, setValues] = useState(saved);
  // Discarding also clears the last save's complaints; the next save brings fresh ones.
  const [errorsDismissed, setErrorsDismissed] = useState(false);
  const saving = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const payload = toPayload(values);
  const dirty = JSON.stringify(payload) !== JSON.stringify(toPayload(saved));

  // An answer without the settings: the form follows the loader's once they are loaded again.
  const [awaitingReload, setAwaitingReload] = useState(false);
  useEffect(() => {
    if (!result?.ok) return;
    const success = result as Extract<Result, { ok: true }>;
    if (success.settings) setValues(toForm(success.settings));
    else setAwaitingReload(true);
    show(savedMessage(success));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- toForm and savedMessage are module-level functions of the route
  }, [result, show]);
  useEffect(() => {
    if (!awaitingReload || navigation.state !== "idle") return;
    setValues(saved);
    setAwaitingReload(false);
  }, [awaitingReload, navigation.state, saved]);

  // Problems the browser can see before saving; the server checks everything again.
  const localErrors: Partial<Record<keyof Values | keyof Input, string>> = { ...validate?.(values) };
  for (const field of wholeNumberFields) if (wholeNumber(String(values[field])) === null) localErrors[field] = "Enter a whole number.";
  const showServerErrors = !!result && !result.ok && !errorsDismissed;
  const serverErrors: FieldErrors<Input> = showServerErrors ? (result as { errors: FieldErrors<Input> }).errors : {};
  const error = (field: keyof Values | keyof Input) => localErrors[field] ?? serverErrors[field as keyof Input];
  const saveDisabled = Object.keys(localErrors).length > 0;

  const set =
    <K extends keyof Values>(key: K) =>
    (value: Values[K]) =>
      setValues((current) => ({ ...current, [key]: value }));
  const save = () => {
    setErrorsDismissed(false);
    submit(payload, { method: "post" });
  };
  const discard = () => {
    setValues(saved);
    setErrorsDismissed(true);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (dirty && !saveDisabled) save();
  };

  return {
    values,
    saved,
    set,
    dirty,
    saving,
    /** The last save failed and its problems are not discarded: show the banner. */
    showServerErrors,
    serverErrors,
    /** The problem to show under a field: the browser's check first, then the server's. */
    error,
    /** Spread into SettingsSaveBar (with its id). */
    saveBar: { open: dirty || saving, saving, saveDisabled, onSave: save, onDiscard: discard },
    /** The form's onSubmit: Enter saves when there is something valid to save. */
    onSubmit,
    /** Render somewhere in the page (the standalone demo's toast). */
    toast,
  };
}
