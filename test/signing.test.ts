import { createHash, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, generateSigningJwk, jwkThumbprint, parseKeyringFile, publicPart, rotateKeyringFile, type Jwk } from "../src/lib/signing.js";

/**
 * The certificate keyring (src/lib/signing.ts): ES256 signatures over Web Crypto, keys named by their RFC 7638
 * thumbprints, rotation that keeps retired keys verifying. Node only: the thumbprint is checked against an
 * independent computation with node:crypto.
 */

/** RFC 7638 §3: SHA-256 over the required members, in lexicographic order, no whitespace; base64url. By hand. */
function thumbprintByHand(members: [string, string][]): string {
  const json = `{${members.map(([k, v]) => `"${k}":"${v}"`).join(",")}}`;
  return createHash("sha256").update(json, "utf8").digest("base64url");
}

describe("RFC 7638 thumbprints", () => {
  it("reproduces the RFC's own example (§3.1, an RSA key) with the by-hand computation used below", () => {
    const n =
      "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    expect(thumbprintByHand([["e", "AQAB"], ["kty", "RSA"], ["n", n]])).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  });

  it("names an EC P-256 key (made by node:crypto) as the by-hand computation does, ignoring optional members", async () => {
    for (let i = 0; i < 3; i++) {
      const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }) as Jwk;
      const expected = thumbprintByHand([["crv", "P-256"], ["kty", "EC"], ["x", jwk.x!], ["y", jwk.y!]]);
      expect(await jwkThumbprint({ crv: "P-256", kty: "EC", x: jwk.x!, y: jwk.y! })).toBe(expected);
      const keyring = await createKeyring({ ...jwk, kid: "ignored", alg: "ES256", use: "sig" });
      expect(keyring.activeKid).toBe(expected);
      expect(keyring.publicKeys()[0]).toEqual({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, kid: expected, alg: "ES256", use: "sig" });
    }
  });
});

describe("the keyring", () => {
  const payload = '{"certificateNo":"371083108201000001J-0001","right":{"areaMu":"1.50"}}';

  it("signs with the active key (ES256, r‖s, base64url) and verifies what it signed", async () => {
    const keyring = await createKeyring(await generateSigningJwk());
    const { signature, keyId } = await keyring.sign(payload);
    expect(keyId).toBe(keyring.activeKid);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/); // 64 bytes
    expect(await keyring.verify(payload, signature, keyId)).toBe("valid");
  });

  it("refuses a payload changed in one byte, a changed signature, and a signature of another key", async () => {
    const keyring = await createKeyring(await generateSigningJwk());
    const other = await createKeyring(await generateSigningJwk());
    const { signature, keyId } = await keyring.sign(payload);
    expect(await keyring.verify(payload.replace("1.50", "7.50"), signature, keyId)).toBe("signature_mismatch");
    expect(await keyring.verify(payload, (signature[0] === "A" ? "B" : "A") + signature.slice(1), keyId)).toBe("signature_mismatch");
    expect(await keyring.verify(payload, signature.slice(2), keyId)).toBe("signature_mismatch");
    expect(await keyring.verify(payload, "!!!", keyId)).toBe("signature_mismatch");
    const foreign = await other.sign(payload);
    expect(await keyring.verify(payload, foreign.signature, keyId)).toBe("signature_mismatch");
  });

  it("answers unknown_key for a key id it does not hold", async () => {
    const keyring = await createKeyring(await generateSigningJwk());
    const other = await createKeyring(await generateSigningJwk());
    const foreign = await other.sign(payload);
    expect(await keyring.verify(payload, foreign.signature, foreign.keyId)).toBe("unknown_key");
    expect(await keyring.verify(payload, foreign.signature, "")).toBe("unknown_key");
  });

  it("keeps the old key verifying after a rotation, signs with the new one, and lists both, active first, without private parts", async () => {
    const first = { active: await generateSigningJwk(), retired: [] };
    const before = await createKeyring(first.active);
    const old = await before.sign(payload);

    const file = parseKeyringFile(JSON.stringify(await rotateKeyringFile(first)));
    expect(file.retired).toEqual([publicPart(first.active)]);
    expect(JSON.stringify(file.retired)).not.toContain(first.active.d!);
    const after = await createKeyring(file.active, file.retired);
    expect(after.activeKid).not.toBe(before.activeKid);
    expect(await after.verify(payload, old.signature, old.keyId)).toBe("valid");
    const fresh = await after.sign(payload);
    expect(fresh.keyId).toBe(after.activeKid);
    expect(await before.verify(payload, fresh.signature, fresh.keyId)).toBe("unknown_key");
    expect(after.publicKeys().map((k) => k.kid)).toEqual([after.activeKid, before.activeKid]);
    for (const key of after.publicKeys()) expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);

    // A second rotation keeps both older keys.
    const twice = await rotateKeyringFile(file);
    const third = await createKeyring(twice.active, twice.retired);
    expect(third.publicKeys().map((k) => k.kid)).toEqual([third.activeKid, after.activeKid, before.activeKid]);
    expect(await third.verify(payload, old.signature, old.keyId)).toBe("valid");
  });

  it("refuses to sign without a private key", async () => {
    const jwk = await generateSigningJwk();
    await expect(createKeyring(publicPart(jwk))).rejects.toThrow(/private/);
  });
});

describe("the synchronous signer on Node (src/keys.ts)", () => {
  it("makes raw r‖s ES256 signatures that the keyring's Web Crypto verification accepts, and a changed byte fails", async () => {
    const { nodeSigner } = await import("../src/keys.js");
    const jwk = await generateSigningJwk();
    const node = await createKeyring(jwk, [], nodeSigner(jwk));
    const web = await createKeyring(jwk);
    for (const payload of ['{"a":1}', "证书 — 农村土地承包经营权", ""]) {
      const signed = await node.sign(payload);
      expect(signed.keyId).toBe(web.activeKid);
      expect(await web.verify(payload, signed.signature, signed.keyId)).toBe("valid");
      expect(await web.verify(payload + " ", signed.signature, signed.keyId)).toBe("signature_mismatch");
      const fromWeb = await web.sign(payload);
      expect(await node.verify(payload, fromWeb.signature, fromWeb.keyId)).toBe("valid");
    }
  });

  it("refuses a public key as the active key", async () => {
    const { nodeSigner } = await import("../src/keys.js");
    const publicOnly = publicPart(await generateSigningJwk());
    expect(() => nodeSigner(publicOnly)).toThrow(/private/);
  });
});
