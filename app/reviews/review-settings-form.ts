// The review settings form, for the browser and the action alike.
import { z } from "zod";
import { formBoolean } from "../lib/forms";

const MIN_RATING_MESSAGE = "Choose a minimum rating from 1 to 5 stars.";

export const ReviewSettingsInput = z.object({
  autoPublish: formBoolean,
  autoPublishMinRating: z.coerce
    .number({ invalid_type_error: MIN_RATING_MESSAGE })
    .int(MIN_RATING_MESSAGE)
    .min(1, MIN_RATING_MESSAGE)
    .max(5, MIN_RATING_MESSAGE),
  autoPublishVerifiedOnly: formBoolean,
  allowAnonymous: formBoolean,
  syndicateToMetaobject: formBoolean,
});
export type ReviewSettingsInput = z.infer<typeof ReviewSettingsInput>;
