import type { LoyaltyMember } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { memberView } from "./member-view";
import type { MemberDetail } from "./members.server";

const AT = new Date("2026-03-01T22:30:00Z"); // March 2 in Athens

const member = {
  id: "m1",
  shop: "shop.myshopify.com",
  customerId: "gid://shopify/Customer/42",
  email: null,
  firstName: "Dana",
  balance: -1250,
  pending: 40,
  lifetimeEarned: 12_000,
  referralCode: "REF-DANA",
  birthday: "03-14",
  createdAt: AT,
  lastActivityAt: AT,
} as unknown as LoyaltyMember;

const detail: MemberDetail = {
  member,
  tier: { id: "t1", name: "Gold", multiplierPercent: 150 },
  entries: {
    rows: [
      {
        id: "e1",
        kind: "pending",
        bucket: "pending",
        points: 40,
        note: "Order #1001",
        orderId: "gid://shopify/Order/7",
        orderName: "#1001",
        availableAt: AT,
        createdAt: AT,
      },
      {
        id: "e2",
        kind: "adjust",
        bucket: "balance",
        points: -1290,
        note: "Correction",
        orderId: "gid://shopify/Order/8",
        orderName: null,
        availableAt: null,
        createdAt: AT,
      },
    ],
    hasNext: true,
    hasPrevious: false,
    nextCursor: "next",
    previousCursor: null,
  },
  redemptions: {
    rows: [
      {
        id: "r1",
        code: "LOYAL-1",
        creditAmount: null,
        creditCurrency: null,
        points: 500,
        status: "issued",
        error: null,
        createdAt: AT,
        usedAt: null,
        usedOrderName: null,
        rewardName: null,
      },
      {
        id: "r2",
        code: "LOYAL-2",
        creditAmount: null,
        creditCurrency: null,
        points: 100,
        status: "used",
        error: null,
        createdAt: AT,
        usedAt: new Date(AT.getTime() + 86_400_000),
        usedOrderName: "#1002",
        rewardName: "$5 off",
      },
    ],
    total: 51,
  },
};

describe("a member's page", () => {
  it("shows every date in the shop's time zone and every number as text", () => {
    const view = memberView(detail, "Europe/Athens");
    expect(view.member).toEqual({
      id: "m1",
      title: "Dana",
      firstName: "Dana",
      email: null,
      customerNumber: "42",
      balance: "-1,250",
      negative: true,
      pending: "40",
      lifetimeEarned: "12,000",
      tier: { name: "Gold", multiplier: "×1.5 points on orders" },
      referralCode: "REF-DANA",
      birthday: "March 14",
      memberSince: "Mar 2, 2026",
      lastActivity: "Mar 2, 2026",
    });
    expect(view.entries).toEqual({
      rows: [
        {
          id: "e1",
          date: "Mar 2, 2026, 12:30 AM",
          kind: "pending",
          pendingBucket: true,
          points: "+40",
          positive: true,
          note: "Order #1001",
          order: "#1001",
          availableAt: "Mar 2, 2026",
        },
        {
          id: "e2",
          date: "Mar 2, 2026, 12:30 AM",
          kind: "adjust",
          pendingBucket: false,
          points: "−1,290",
          positive: false,
          note: "Correction",
          order: "Order 8",
          availableAt: null,
        },
      ],
      hasNext: true,
      hasPrevious: false,
      nextCursor: "next",
      previousCursor: null,
    });
    expect(view.redemptions).toEqual({
      total: 51,
      rows: [
        {
          id: "r1",
          code: "LOYAL-1",
          reward: "Deleted reward",
          points: "500",
          status: "issued",
          error: null,
          date: "Mar 2, 2026, 12:30 AM",
          used: null,
        },
        {
          id: "r2",
          code: "LOYAL-2",
          reward: "$5 off",
          points: "100",
          status: "used",
          error: null,
          date: "Mar 2, 2026, 12:30 AM",
          used: "Used on Mar 3, 2026, 12:30 AM in #1002",
        },
      ],
    });
  });

  it("falls back to UTC for a time zone Intl does not know, and names a member without a name or tier", () => {
    const view = memberView(
      { ...detail, member: { ...member, firstName: null, customerId: null, birthday: null }, tier: null },
      "Mars/Olympus",
    );
    expect(view.member).toMatchObject({ title: "Member", customerNumber: null, tier: null, birthday: null, memberSince: "Mar 1, 2026" });
  });

  it("names store credit by its amount where a code would be", () => {
    const credit = {
      ...detail.redemptions.rows[0]!,
      id: "r3",
      code: null,
      creditAmount: "7.50",
      creditCurrency: "EUR",
      rewardName: "Credit",
    };
    const view = memberView({ ...detail, redemptions: { rows: [credit], total: 1 } }, "Europe/Athens");
    expect(view.redemptions.rows).toEqual([expect.objectContaining({ id: "r3", code: "€7.50 store credit", reward: "Credit" })]);
  });
});
