// An email template's editor forms (save, send a test), for the browser and the action alike.
// Whether the Liquid parses and knows every variable is the server's to say (checkTemplate),
// in the reply.
import { z } from "zod";
import { formText, storedText } from "../lib/forms";

const SUBJECT_MAX = 200;
const BODY_MAX = 50_000;

/** A template's subject, body or blocks with what is wrong with it. */
export type TemplateProblem = { field: "subject" | "body" | "blocks"; message: string };

export const TemplateSourceInput = z.object({
  subject: formText.pipe(
    storedText(z.string().min(1, "The subject can't be empty.").max(SUBJECT_MAX, `Keep the subject under ${SUBJECT_MAX} characters.`)),
  ),
  body: formText.pipe(
    storedText(
      z
        .string()
        .min(1, "The email body can't be empty.")
        .max(BODY_MAX, `Keep the body under ${BODY_MAX.toLocaleString("en")} characters.`),
    ),
  ),
});

/**
 * The editor's save: the subject, and either the block design as JSON (`blocks`, the body then
 * made from it on the server) or, with `blocks` empty, the body as Liquid.
 */
export const TemplateEditorInput = TemplateSourceInput.extend({
  blocks: formText.pipe(z.string().max(BODY_MAX * 2, "The email has too many blocks to save.")),
});

/** The draft as it is, to the address typed. */
export const TestEmailInput = TemplateSourceInput.extend({
  to: formText.pipe(z.string().trim().email("Enter a valid email address.")),
});

/** The schema's problems with a template, one per field. */
export function sourceProblems(error: z.ZodError): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const issue of error.issues) {
    const field = issue.path[0];
    if ((field === "subject" || field === "body") && !problems.some((problem) => problem.field === field))
      problems.push({ field, message: issue.message });
  }
  return problems;
}

/** Problems as Conform's `submission.reply({ fieldErrors })` takes them. */
export function problemsByField(problems: readonly TemplateProblem[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const { field, message } of problems) (errors[field] ??= []).push(message);
  return errors;
}
