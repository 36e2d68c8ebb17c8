/**
 * Certificate signatures: ECDSA P-256 with SHA-256 (JWS "ES256") through Web Crypto, so the same code signs on
 * Node and on Workers. Signatures are the raw r‖s form (64 bytes), base64url, as in JWS. A key is named by its
 * RFC 7638 JWK thumbprint; the keyring holds the active private key and the public keys of retired ones, so a
 * certificate signed before a rotation still verifies after it.
 */
export interface PublicJwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
  kid: string;
  alg: "ES256";
  use: "sig";
}

export interface Keyring {
  /** The key that signs new certificates. */
  activeKid: string;
  sign(payload: string): Promise<{ signature: string; keyId: string }>;
  verify(payload: string, signature: string, keyId: string): Promise<"valid" | "unknown_key" | "signature_mismatch">;
  /** Every public key, active first, then retired ones: the JWKS. */
  publicKeys(): PublicJwk[];
}

/** A JSON Web Key as stored in configuration (the DOM's Jwk type is not in Node's or Workers' lib). */
export interface Jwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  [member: string]: unknown;
}

type Key = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
export async function jwkThumbprint(jwk: { crv: string; kty: string; x: string; y: string }): Promise<string> {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical))));
}

/** A new private key as a JWK (what `data/signing-keys.json` or REGISTRY_SIGNING_KEY holds). */
export async function generateSigningJwk(): Promise<Jwk> {
  const pair = (await crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as { privateKey: Key; publicKey: Key };
  const jwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as Jwk;
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d };
}

export function publicPart(jwk: Jwk): { kty: "EC"; crv: "P-256"; x: string; y: string } {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.x !== "string" || typeof jwk.y !== "string")
    throw new Error("a signing key must be an EC P-256 JWK with x and y");
  return { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y };
}

/**
 * A synchronous ES256 signer of the active key (raw r‖s), where the runtime has one: on Node, `node:crypto`
 * (src/keys.ts). Web Crypto's `sign` is asynchronous: it hops to a thread pool, and while it does, other requests
 * run and may move the stream the command read — a lost optimistic race, and the whole command decided again.
 */
export type SyncSigner = (data: Uint8Array) => Uint8Array;

/** Builds the keyring from the active private JWK and the public JWKs of retired keys. */
export async function createKeyring(active: Jwk, retired: Jwk[] = [], signSync?: SyncSigner): Promise<Keyring> {
  if (typeof active.d !== "string") throw new Error("the active signing key must be a private JWK (with d)");
  const activePublic = publicPart(active);
  const activeKid = await jwkThumbprint(activePublic);
  const privateKey = await crypto.subtle.importKey("jwk", { ...activePublic, d: active.d, ext: true }, ALGORITHM, false, ["sign"]);
  const verifiers = new Map<string, { jwk: PublicJwk; key: Key }>();
  for (const jwk of [active, ...retired]) {
    const pub = publicPart(jwk);
    const kid = await jwkThumbprint(pub);
    if (verifiers.has(kid)) continue;
    const key = await crypto.subtle.importKey("jwk", { ...pub, ext: true }, ALGORITHM, false, ["verify"]);
    verifiers.set(kid, { jwk: { ...pub, kid, alg: "ES256", use: "sig" }, key });
  }
  const encoder = new TextEncoder();
  return {
    activeKid,
    async sign(payload) {
      const data = encoder.encode(payload);
      const signature = signSync ? signSync(data) : new Uint8Array(await crypto.subtle.sign(SIGN, privateKey, data));
      return { signature: base64url(signature), keyId: activeKid };
    },
    async verify(payload, signature, keyId) {
      const verifier = verifiers.get(keyId);
      if (!verifier) return "unknown_key";
      const bytes = fromBase64url(signature);
      if (!bytes || bytes.length !== 64) return "signature_mismatch";
      const ok = await crypto.subtle.verify(SIGN, verifier.key, bytes, encoder.encode(payload));
      return ok ? "valid" : "signature_mismatch";
    },
    publicKeys: () => [...verifiers.values()].map((v) => v.jwk),
  };
}

/**
 * The keyring file's shape (Node default `data/signing-keys.json`; on Workers the same JSON in the secret
 * REGISTRY_SIGNING_KEYS): the active private key and the retired public keys, newest first.
 */
export interface KeyringFile {
  active: Jwk;
  retired: Jwk[];
}

export function parseKeyringFile(text: string): KeyringFile {
  const parsed = JSON.parse(text) as Partial<KeyringFile>;
  if (!parsed || typeof parsed !== "object" || !parsed.active || typeof parsed.active !== "object")
    throw new Error('a keyring is {"active": <private EC P-256 JWK>, "retired": [<public JWK>, …]}');
  return { active: parsed.active, retired: Array.isArray(parsed.retired) ? parsed.retired : [] };
}

/** Rotation: a new active key; the old one's public part joins the retired keys (its certificates stay verifiable). */
export async function rotateKeyringFile(file: KeyringFile): Promise<KeyringFile> {
  return { active: await generateSigningJwk(), retired: [publicPart(file.active), ...file.retired.map(publicPart)] };
}
