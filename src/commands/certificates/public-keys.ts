import type { Deps } from "../../deps.js";

/** The JWKS: every public key that signed or signs certificates, active first. */
export function publicKeys(deps: Deps) {
  return { keys: deps.keyring.publicKeys() };
}
