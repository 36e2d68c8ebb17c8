import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createPrivateKey, sign } from "node:crypto";
import { generateSigningJwk, parseKeyringFile, publicPart, rotateKeyringFile, type Jwk, type KeyringFile, type SyncSigner } from "./lib/signing.js";
import { newBearerToken } from "./lib/hash.js";

/**
 * Node's secrets on disk (mode 0600) when they are not configured: the certificate signing keyring and the key of
 * the keyed hash of ID numbers (person index, access log). Generated once on first start, then kept: losing the
 * keyring makes issued certificates unverifiable, so back the data folder up with the database.
 */
export async function loadKeyringFile(dataDir: string, configured: string | undefined): Promise<{ file: KeyringFile; generated: boolean; path: string | null }> {
  if (configured) return { file: parseKeyringFile(configured), generated: false, path: null };
  const path = join(dataDir, "signing-keys.json");
  if (existsSync(path)) return { file: parseKeyringFile(await readFile(path, "utf8")), generated: false, path };
  const file: KeyringFile = { active: await generateSigningJwk(), retired: [] };
  await writeSecret(path, JSON.stringify(file, null, 2));
  return { file, generated: true, path };
}

/** `npm run keys:rotate`: a new active key; the old one's public part is kept to verify what it signed. */
export async function rotateKeyring(dataDir: string): Promise<KeyringFile> {
  const path = join(dataDir, "signing-keys.json");
  const rotated = await rotateKeyringFile(parseKeyringFile(await readFile(path, "utf8")));
  await writeSecret(path, JSON.stringify(rotated, null, 2));
  return rotated;
}

/** ES256 with node:crypto, synchronously: the same raw r‖s signature Web Crypto makes, verified by the same keys. */
export function nodeSigner(active: Jwk): SyncSigner {
  if (typeof active.d !== "string") throw new Error("the active signing key must be a private JWK (with d)");
  const key = createPrivateKey({ key: { ...publicPart(active), d: active.d }, format: "jwk" });
  return (data) => new Uint8Array(sign("sha256", data, { key, dsaEncoding: "ieee-p1363" }));
}

export async function loadIdKey(dataDir: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const path = join(dataDir, "id-key");
  if (existsSync(path)) return (await readFile(path, "utf8")).trim();
  const key = newBearerToken().slice(3);
  await writeSecret(path, key + "\n");
  return key;
}

async function writeSecret(path: string, text: string) {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}
