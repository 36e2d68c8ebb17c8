import { Decimal } from "decimal.js";

/**
 * The console speaks Chinese first, with every label also in English behind the language switch. Messages live
 * beside the page that shows them, each as `{ zh, en }`; `t(message)` picks the reader's language.
 */
export type Lang = "zh" | "en";
export interface Message {
  zh: string;
  en: string;
}
export type Messages = Record<string, Message>;
export type T = (message: Message) => string;

export const LANGS: readonly Lang[] = ["zh", "en"];
export const LANG_COOKIE = "rr_lang";

export function translator(lang: Lang): T {
  return (message) => message[lang];
}

export function langOf(value: string | undefined): Lang {
  return value === "en" ? "en" : "zh";
}

/** The `lang` attribute of the page. */
export const htmlLang = (lang: Lang) => (lang === "zh" ? "zh-CN" : "en");

// ---- formats: dates, areas, money, shares, the Chinese way (and the English one) --------------------------------

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 2026-12-07 → 2026年12月7日 / 7 Dec 2026 (a legal date, China Standard Time). */
export function formatDate(lang: Lang, date: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? "");
  if (!m) return "—";
  const [, y, mo, d] = m;
  return lang === "zh" ? `${y}年${Number(mo)}月${Number(d)}日` : `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}`;
}

/** An instant in China Standard Time: 2026年12月7日 14:05 / 7 Dec 2026 14:05. */
export function formatInstant(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return "—";
  const cst = new Date(ms + 8 * 3_600_000).toISOString();
  return `${formatDate(lang, cst.slice(0, 10))} ${cst.slice(11, 16)}`;
}

/** Groups of three digits: 30000.5 → 30,000.5 (exact, from the decimal string). */
function grouped(text: string): string {
  const [whole, fraction] = text.split(".");
  const sign = whole!.startsWith("-") ? "-" : "";
  const digits = sign ? whole!.slice(1) : whole!;
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction !== undefined ? `.${fraction}` : "");
}

/** Yuan: "30000.00" → ¥30,000.00 (two places, exact). */
export function formatMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  return `¥${grouped(new Decimal(amount).toFixed(2))}`;
}

/** 1 mu = 10000/15 m² exactly. */
const M2_PER_MU = new Decimal(10000).dividedBy(15);

/** An area in mu, with its square metres: 1.5 亩（1,000.00 m²） / 1.5 mu (1,000.00 m²). */
export function formatAreaMu(lang: Lang, areaMu: string | null | undefined, areaM2?: string | null): string {
  if (!areaMu) return "—";
  const mu = new Decimal(areaMu);
  const m2 = areaM2 ? new Decimal(areaM2) : mu.times(M2_PER_MU);
  const muText = grouped(mu.toFixed());
  const m2Text = grouped(m2.toFixed(2));
  return lang === "zh" ? `${muText} 亩（${m2Text} m²）` : `${muText} mu (${m2Text} m²)`;
}

/** An area in square metres, with its mu: 200.00 m²（0.3 亩）. */
export function formatAreaM2(lang: Lang, areaM2: string | null | undefined): string {
  if (!areaM2) return "—";
  const m2 = new Decimal(areaM2);
  const mu = m2.dividedBy(M2_PER_MU).toDecimalPlaces(4);
  return lang === "zh" ? `${grouped(m2.toFixed(2))} m²（${grouped(mu.toFixed())} 亩）` : `${grouped(m2.toFixed(2))} m² (${grouped(mu.toFixed())} mu)`;
}

/** Shares: 12.5 股 / 12.5 shares. */
export function formatShares(lang: Lang, shares: string | null | undefined): string {
  if (shares === null || shares === undefined) return "—";
  const text = grouped(new Decimal(shares).toFixed());
  return lang === "zh" ? `${text} 股` : `${text} shares`;
}

/** A percentage given as a decimal string: 12.5 → 12.5%. */
export function formatPercent(percent: string | null | undefined): string {
  return percent === null || percent === undefined ? "—" : `${new Decimal(percent).toFixed()}%`;
}
