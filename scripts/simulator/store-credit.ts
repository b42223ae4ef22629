// Store-credit accounts: one per customer and currency, opened by the first credit in that
// currency (as storeCreditAccountCredit does for a customer ID), each credit a transaction that
// records the balance after it. Used by the Admin API's storeCreditAccountCredit and by refunds
// to store credit.
import { fromCents, isoTimestamp, toCents } from "./common";
import { nextGid, type ShopState, type SimulatorState, type StoreCreditAccount, type StoreCreditTransaction } from "./state";

export const storeCreditAccountsOf = (shop: ShopState, ownerId: string): StoreCreditAccount[] =>
  (shop.storeCreditAccounts ?? []).filter((account) => account.ownerId === ownerId);

export const findStoreCreditAccount = (shop: ShopState, id: string): StoreCreditAccount | undefined =>
  shop.storeCreditAccounts?.find((account) => account.id === id);

export interface StoreCredit {
  amount: string; // more than 0, in `currencyCode`
  currencyCode: string;
  expiresAt: string | null;
  event: StoreCreditTransaction["event"];
}

/** Adds the credit to the owner's account in its currency, opening the account on the first credit. */
export function addStoreCredit(
  state: SimulatorState,
  shop: ShopState,
  ownerId: string,
  credit: StoreCredit,
): { account: StoreCreditAccount; transaction: StoreCreditTransaction } {
  let account = storeCreditAccountsOf(shop, ownerId).find((candidate) => candidate.currencyCode === credit.currencyCode);
  if (!account) {
    account = { id: nextGid(state, "StoreCreditAccount"), ownerId, currencyCode: credit.currencyCode, balance: "0.00", transactions: [] };
    (shop.storeCreditAccounts ??= []).push(account);
  }
  account.balance = fromCents(toCents(account.balance) + toCents(credit.amount));
  const transaction: StoreCreditTransaction = {
    id: nextGid(state, "StoreCreditAccountCreditTransaction"),
    amount: fromCents(toCents(credit.amount)),
    balanceAfterTransaction: account.balance,
    createdAt: isoTimestamp(),
    expiresAt: credit.expiresAt,
    event: credit.event,
  };
  account.transactions.push(transaction);
  return { account, transaction };
}
