import { createKeyring, generateSigningJwk, type Jwk, type Keyring } from "../../src/lib/signing.js";

/** One signing key for the whole test run (generation is cheap, but one key keeps certificates comparable). */
let shared: Promise<{ jwk: Jwk; keyring: Keyring }> | null = null;

export function testKeyring(): Promise<Keyring> {
  shared ??= (async () => {
    const jwk = await generateSigningJwk();
    return { jwk, keyring: await createKeyring(jwk) };
  })();
  return shared.then((s) => s.keyring);
}

export async function testSigningJwk(): Promise<Jwk> {
  await testKeyring();
  return (await shared!).jwk;
}

export const TEST_PUBLIC_BASE_URL = "https://registry.example.gov.cn";
