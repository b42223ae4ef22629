// The storefront bar's messages: one set per language, with an {amount} placeholder.
export const LOCALES = ["en", "el"] as const;
export type Locale = (typeof LOCALES)[number];
export const MESSAGE_KINDS = ["before", "progress", "reached"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type Messages = Record<Locale, Record<MessageKind, string>>;

export const DEFAULT_MESSAGES: Messages = {
  en: {
    before: "Free shipping on orders over {amount}",
    progress: "You're {amount} away from free shipping",
    reached: "You've got free shipping!",
  },
  el: {
    before: "Δωρεάν αποστολή για παραγγελίες άνω των {amount}",
    progress: "Σας λείπουν {amount} για δωρεάν αποστολή",
    reached: "Έχετε δωρεάν αποστολή!",
  },
};
