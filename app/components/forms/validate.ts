import { parseWithZod } from "@conform-to/zod/v3";
import type { z } from "zod";

/**
 * How every admin form checks itself in the browser (Conform's useForm options): with the
 * action's own schema, so the messages are the server's; a field once it is left (a half-typed
 * value is not judged), then again at each keystroke until it is right.
 */
export function validateWith(schema: z.ZodTypeAny) {
  return {
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema, disableAutoCoercion: true }),
  } as const;
}
