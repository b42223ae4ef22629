// Records what the tracking links report (see tracking.ts). The first open or click of a message
// sets its openedAt / clickedAt, which makes the unique counts; every one adds to the totals.
// A click also counts as an open when none was seen: the customer read the email with images off.
import type { Db } from "../db.server";
import type { TrackedMessage } from "./tracking";

type TrackingDb = Pick<Db, "emailMessage">;

/** Only emails that went out are counted; a message of another shop is never touched (the token names both). */
const sentMessage = ({ shop, messageId }: TrackedMessage) => ({ id: messageId, shop, status: "sent" as const });

export async function recordOpen(db: TrackingDb, message: TrackedMessage, now: Date): Promise<void> {
  await db.emailMessage.updateMany({ where: { ...sentMessage(message), openedAt: null }, data: { openedAt: now } });
  await db.emailMessage.updateMany({ where: sentMessage(message), data: { openCount: { increment: 1 } } });
}

export async function recordClick(db: TrackingDb, message: TrackedMessage, now: Date): Promise<void> {
  await db.emailMessage.updateMany({ where: { ...sentMessage(message), openedAt: null }, data: { openedAt: now } });
  await db.emailMessage.updateMany({ where: { ...sentMessage(message), clickedAt: null }, data: { clickedAt: now } });
  await db.emailMessage.updateMany({ where: sentMessage(message), data: { clickCount: { increment: 1 } } });
}
