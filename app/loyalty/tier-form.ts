// The VIP tier form (add and edit), for the browser and the action alike. That no two tiers
// share a threshold or a name is checked by the action (catalogue.server.ts).
import { z } from "zod";
import { formText, formWholeNumber, storedText } from "../lib/forms";

export const TierInput = z.object({
  name: formText.pipe(storedText(z.string().trim().min(1, "Give the tier a name.").max(40, "Tier names are limited to 40 characters."))),
  threshold: formWholeNumber(0, 100_000_000),
  multiplierPercent: formWholeNumber(100, 1000),
});
export type TierInput = z.input<typeof TierInput>;
