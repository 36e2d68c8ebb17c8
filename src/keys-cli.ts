/**
 * `npm run keys -- new`: prints a fresh keyring JSON (for `wrangler secret put REGISTRY_SIGNING_KEYS`).
 * `npm run keys -- rotate`: rotates `<REGISTRY_DATA_DIR>/signing-keys.json`: a new active key, the old one's public
 * part kept so that certificates it signed still verify. Restart the service afterwards.
 */
import { generateSigningJwk, jwkThumbprint, publicPart } from "./lib/signing.js";
import { rotateKeyring } from "./keys.js";

const command = process.argv[2];
if (command === "new") {
  console.log(JSON.stringify({ active: await generateSigningJwk(), retired: [] }));
} else if (command === "rotate") {
  const rotated = await rotateKeyring(process.env.REGISTRY_DATA_DIR ?? "data");
  console.log(`Active key ${await jwkThumbprint(publicPart(rotated.active))}; ${rotated.retired.length} retired key(s) kept for verification.`);
} else {
  console.error("usage: npm run keys -- new | rotate");
  process.exit(2);
}
