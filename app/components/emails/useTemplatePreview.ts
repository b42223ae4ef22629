import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { TemplateSource } from "../../emails/default-templates";
import type { PreviewResult } from "../../emails/preview.server";

/** The editor action's answer to a preview. */
export type PreviewAnswer = { intent: "preview" } & PreviewResult;

/**
 * The live preview of a template being edited: the draft goes to the page's action once typing
 * pauses. Until then, and while the draft has problems, the last email rendered stays shown.
 */
export function useTemplatePreview(draft: TemplateSource, saved: TemplateSource, loaded: PreviewResult) {
  const fetcher = useFetcher<PreviewAnswer>();
  const [email, setEmail] = useState(loaded.ok ? loaded.email : null);

  const previewed = useRef(`${saved.subject}\u0000${saved.body}`);
  const submit = fetcher.submit;
  const { subject, body } = draft;
  useEffect(() => {
    const key = `${subject}\u0000${body}`;
    if (key === previewed.current) return;
    const timer = setTimeout(() => {
      previewed.current = key;
      submit({ intent: "preview", subject, body }, { method: "post" });
    }, 400);
    return () => clearTimeout(timer);
  }, [subject, body, submit]);

  const result = fetcher.data?.intent === "preview" ? fetcher.data : null;
  useEffect(() => {
    if (result?.ok) setEmail(result.email);
  }, [result]);

  return {
    email,
    problems: result ? (result.ok ? [] : result.problems) : loaded.ok ? [] : loaded.problems,
    updating: fetcher.state !== "idle",
  };
}
