// Store-credit accounts: storeCreditAccountCredit, an account's transactions, a customer's accounts.
import { isEnumType } from "graphql";
import { adminSchema } from "../../../app/shopify/schema/introspection";
import { gidType, isoTimestamp, shopifyDecimal, toCents } from "../common";
import type { StoreCreditAccount, StoreCreditTransaction } from "../state";
import { addStoreCredit, findStoreCreditAccount, storeCreditAccountsOf } from "../store-credit";
import { paginate, type ConnectionArgs } from "./connection";
import type { AdminContext, ResolverModule, Root, TypeResolvers } from "./context";
import { typeOfNode } from "./nodes";
import { filterByQuery, sorterFor } from "./search";

const money = (amount: string, currencyCode: string) => ({ amount: shopifyDecimal(amount), currencyCode });

const accountOf = (ctx: AdminContext, transaction: StoreCreditTransaction): StoreCreditAccount =>
  ctx.shop.storeCreditAccounts!.find((account) => account.transactions.includes(transaction))!;

// ---------------------------------------------------------------- reading

const StoreCreditAccountType: TypeResolvers<StoreCreditAccount> = {
  balance: (account: StoreCreditAccount) => money(account.balance, account.currencyCode),
  owner: (account: StoreCreditAccount, _args: unknown, ctx: AdminContext) =>
    ctx.shop.customers.find((customer) => customer.id === account.ownerId),
  transactions: (account: StoreCreditAccount, args: ConnectionArgs & { query?: string | null; sortKey: string }) => {
    const matching = filterByQuery(
      account.transactions,
      args.query,
      {
        id: (t) => Number(t.id.split("/").pop()),
        // Every modelled transaction is a credit; "expiration" and the debits match none.
        type: () => "credit",
        expires_at: (t) => t.expiresAt,
      },
      () => [],
    );
    const sorters = {
      CREATED_AT: (a: StoreCreditTransaction, b: StoreCreditTransaction) => a.createdAt.localeCompare(b.createdAt),
      // Shopify: "All other objects are handled as if they have a null expiry date"; nulls last here.
      EXPIRES_AT: (a: StoreCreditTransaction, b: StoreCreditTransaction) => (a.expiresAt ?? "9999").localeCompare(b.expiresAt ?? "9999"),
    };
    // A stable sort keeps the order transactions were made in for equal keys.
    return paginate(matching.sort(sorterFor("TransactionSortKeys", sorters, args.sortKey)), args, (t) => t.id);
  },
};

const StoreCreditAccountCreditTransactionType: TypeResolvers<StoreCreditTransaction> = {
  amount: (transaction: StoreCreditTransaction, _args: unknown, ctx: AdminContext) =>
    money(transaction.amount, accountOf(ctx, transaction).currencyCode),
  balanceAfterTransaction: (transaction: StoreCreditTransaction, _args: unknown, ctx: AdminContext) =>
    money(transaction.balanceAfterTransaction, accountOf(ctx, transaction).currencyCode),
  // Nothing is spent in the simulator: all of every credit remains.
  remainingAmount: (transaction: StoreCreditTransaction, _args: unknown, ctx: AdminContext) =>
    money(transaction.amount, accountOf(ctx, transaction).currencyCode),
  account: (transaction: StoreCreditTransaction, _args: unknown, ctx: AdminContext) => accountOf(ctx, transaction),
  origin: () => null,
};

function customerAccounts(customer: { id: string }, args: ConnectionArgs & { query?: string | null }, ctx: AdminContext) {
  const accounts = filterByQuery(
    storeCreditAccountsOf(ctx.shop, customer.id),
    args.query,
    { id: (a) => Number(a.id.split("/").pop()), currency_code: (a) => a.currencyCode },
    () => [],
  );
  return paginate(accounts, args, (a) => a.id);
}

// ---------------------------------------------------------------- storeCreditAccountCredit

interface CreditInput {
  creditAmount: { amount: string; currencyCode: string };
  expiresAt?: string | null;
  notify?: boolean | null; // Shopify then emails the customer; the simulator sends no email
}

type CreditErrorCode =
  | "ACCOUNT_NOT_FOUND"
  | "EXPIRES_AT_IN_PAST"
  | "MISMATCHING_CURRENCY"
  | "NEGATIVE_OR_ZERO_AMOUNT"
  | "OWNER_NOT_FOUND"
  | "UNSUPPORTED_CURRENCY";

/**
 * Shopify's code with, as its message, the code's description in Shopify's schema
 * (StoreCreditAccountCreditUserErrorCode): Shopify documents no other wording. Assumption: the
 * field path starts at the argument, as the discount mutations' do.
 */
function userError(code: CreditErrorCode, field: string[]) {
  const codes = adminSchema().getType("StoreCreditAccountCreditUserErrorCode");
  if (!isEnumType(codes)) throw new Error("Shopify's schema has no StoreCreditAccountCreditUserErrorCode enum");
  return { field, code, message: codes.getValue(code)?.description ?? code };
}

/**
 * Refuses what Shopify's codes name. Assumptions, for want of documentation: a currency is
 * supported when the shop sells in it (its currency or an enabled presentment currency), and
 * CREDIT_LIMIT_EXCEEDED is never given (Shopify publishes no limit in its API reference).
 */
function storeCreditAccountCredit(_root: Root, { id, creditInput }: { id: string; creditInput: CreditInput }, ctx: AdminContext) {
  const refuse = (...userErrors: ReturnType<typeof userError>[]) => ({ storeCreditAccountTransaction: null, userErrors });
  const { amount, currencyCode } = creditInput.creditAmount;
  let ownerId: string;
  if (gidType(id) === "StoreCreditAccount") {
    const account = findStoreCreditAccount(ctx.shop, id);
    if (!account) return refuse(userError("ACCOUNT_NOT_FOUND", ["id"]));
    if (account.currencyCode !== currencyCode)
      return refuse(userError("MISMATCHING_CURRENCY", ["creditInput", "creditAmount", "currencyCode"]));
    ownerId = account.ownerId;
  } else {
    // Company locations are not modelled: only customers own accounts here.
    const customer = gidType(id) === "Customer" ? ctx.shop.customers.find((candidate) => candidate.id === id) : undefined;
    if (!customer) return refuse(userError("OWNER_NOT_FOUND", ["id"]));
    ownerId = customer.id;
  }
  const errors: ReturnType<typeof userError>[] = [];
  if (![ctx.shop.currencyCode, ...ctx.shop.enabledPresentmentCurrencies].includes(currencyCode))
    errors.push(userError("UNSUPPORTED_CURRENCY", ["creditInput", "creditAmount", "currencyCode"]));
  if (toCents(amount) <= 0) errors.push(userError("NEGATIVE_OR_ZERO_AMOUNT", ["creditInput", "creditAmount", "amount"]));
  const expiresAt = creditInput.expiresAt ? Date.parse(creditInput.expiresAt) : null;
  if (expiresAt !== null && expiresAt <= Date.now()) errors.push(userError("EXPIRES_AT_IN_PAST", ["creditInput", "expiresAt"]));
  if (errors.length > 0) return refuse(...errors);
  const { transaction } = addStoreCredit(ctx.state, ctx.shop, ownerId, {
    amount,
    currencyCode,
    expiresAt: expiresAt === null ? null : isoTimestamp(new Date(expiresAt)),
    event: "ADJUSTMENT",
  });
  return { storeCreditAccountTransaction: transaction, userErrors: [] };
}

export const storeCreditResolvers: ResolverModule = {
  fields: {
    QueryRoot: {
      storeCreditAccount: (_root: Root, { id }: { id: string }, ctx: AdminContext) => findStoreCreditAccount(ctx.shop, id) ?? null,
    },
    Mutation: { storeCreditAccountCredit },
    Customer: { storeCreditAccounts: customerAccounts },
    StoreCreditAccount: StoreCreditAccountType,
    StoreCreditAccountCreditTransaction: StoreCreditAccountCreditTransactionType,
  },
  abstractTypes: { StoreCreditAccountTransaction: typeOfNode, HasStoreCreditAccounts: typeOfNode },
};
