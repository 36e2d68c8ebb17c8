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

export function legalDateOf(ms: number): string {
  return shanghaiDate.format(new Date(ms));
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  today: () => legalDateOf(Date.now()),
};

export function fixedClock(ms: number): Clock {
  return { nowMs: () => ms, today: () => legalDateOf(ms) };
}
