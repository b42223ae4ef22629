// Review.buyerKey: who a verified review is from. The database holds one review per shop,
// product and key (a unique index), so however many submissions by one buyer race, one is
// stored. The rule is also the backfill of prisma/*/migrations/20261206082235_hardening:
// change both together.

export interface ReviewAuthorColumns {
  verified: boolean;
  customerId: string | null;
  authorEmail: string | null;
}

/**
 * "customer:<Customer GID>" when the customer is known, else "email:<lower-cased address>";
 * null for unverified reviews (anonymous, imported, a customer without a paid order), which
 * the database does not limit, and for a verified review with neither.
 */
export function buyerKey({ verified, customerId, authorEmail }: ReviewAuthorColumns): string | null {
  if (!verified) return null;
  if (customerId) return `customer:${customerId}`;
  if (authorEmail) return `email:${authorEmail.toLowerCase()}`;
  return null;
}
