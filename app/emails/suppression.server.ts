// The suppression list: addresses a shop must not email. Every send checks it.
import type { SuppressionReason } from "@prisma/client";
import type { Db } from "../db.server";

/** Adds the address; an address already listed keeps its first reason. */
export async function suppressEmail(
  db: Pick<Db, "emailSuppression">,
  shop: string,
  email: string,
  reason: SuppressionReason,
  detail?: string,
): Promise<void> {
  const normalized = email.trim().toLowerCase();
  await db.emailSuppression.upsert({
    where: { shop_email: { shop, email: normalized } },
    create: { shop, email: normalized, reason, detail: detail?.slice(0, 500) ?? null },
    update: {},
  });
}

export async function removeSuppression(db: Pick<Db, "emailSuppression">, shop: string, id: string): Promise<boolean> {
  const { count } = await db.emailSuppression.deleteMany({ where: { shop, id } });
  return count === 1;
}

export async function listSuppressions(db: Pick<Db, "emailSuppression">, shop: string, take = 50) {
  const [rows, total] = await Promise.all([
    db.emailSuppression.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take }),
    db.emailSuppression.count({ where: { shop } }),
  ]);
  return { rows, total };
}
