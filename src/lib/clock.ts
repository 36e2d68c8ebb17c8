/**
 * Legal dates are dates in China Standard Time (Asia/Shanghai), whatever zone the server runs in.
 * The clock is injected so that tests can fix "today".
 */
export interface Clock {
  nowMs(): number;
  /** Today's legal date, YYYY-MM-DD in Asia/Shanghai. */
  today(): string;
}

const shanghaiDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Since 1992 Asia/Shanghai is UTC+8 all year (daylight saving ended in 1991): plain arithmetic, no Intl call. */
const FIXED_OFFSET_SINCE_MS = Date.UTC(1992, 0, 1);
const CST_OFFSET_MS = 8 * 3_600_000;

export function legalDateOf(ms: number): string {
  if (ms >= FIXED_OFFSET_SINCE_MS && ms < 253402300799999 - CST_OFFSET_MS) return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
  return shanghaiDate.format(new Date(ms));
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  today: () => legalDateOf(Date.now()),
};

export function fixedClock(ms: number): Clock {
  return { nowMs: () => ms, today: () => legalDateOf(ms) };
}

/**
 * A clock that someone moves (tests, and replays of a day's work): `set` takes an ISO instant, or a legal date,
 * which means noon of that day in China Standard Time.
 */
export interface MovableClock extends Clock {
  set(instantOrDate: string): void;
}

export function movableClock(instantOrDate: string): MovableClock {
  const parse = (value: string) => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T04:00:00Z` : value);
  let ms = parse(instantOrDate);
  return { nowMs: () => ms, today: () => legalDateOf(ms), set: (value) => void (ms = parse(value)) };
}
