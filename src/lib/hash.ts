import { createHash } from "node:crypto";

/**
 * SHA-256 as lower-case hex, with `node:crypto` (Node, and Workers with nodejs_compat): synchronous, so hashing a
 * bearer token on every request costs no trip to a thread pool (Web Crypto's digest is asynchronous).
 */
export async function sha256Hex(text: string): Promise<string> {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A new bearer token: 32 random bytes, base64url, with a recognisable prefix. */
export function newBearerToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return "rr_" + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** HMAC-SHA256 as hex: the keyed hash that indexes identity documents without storing their numbers. */
export async function hmacHex(key: string, text: string): Promise<string> {
  const enc = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", cryptoKey, enc.encode(text));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
