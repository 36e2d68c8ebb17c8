/** Prefixed, time-sortable identifiers (`prs_01…`), in the manner of unkey's newId. */
export type IdPrefix = "prs" | "mbr" | "hhm" | "hkr" | "cpl" | "tok" | "req" | "trf" | "wdr" | "obj" | "reg" | "mgr" | "ttl" | "dst" | "enc" | "fct" | "rsl" | "ext" | "imp";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

export type IdFactory = (prefix: IdPrefix) => string;

export function createIdFactory(nowMs: () => number = Date.now): IdFactory {
  return (prefix) => {
    let time = nowMs();
    let head = "";
    for (let i = 0; i < 10; i++) {
      head = ALPHABET[time % 32] + head;
      time = Math.floor(time / 32);
    }
    const random = crypto.getRandomValues(new Uint8Array(12));
    let tail = "";
    for (const byte of random) tail += ALPHABET[byte % 32];
    return `${prefix}_${head}${tail}`;
  };
}
