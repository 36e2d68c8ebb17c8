/**
 * Electronic certificates (电子证书): what is signed, and how certificates are numbered. Pure.
 *
 * The signed payload is canonical JSON (keys sorted, no spaces): the same facts always give the same bytes, so a
 * certificate changed in any byte fails verification. It carries ID numbers only masked: a certificate is shown
 * to whoever holds the paper, and the register, not the certificate, is the record (Civil Code Art. 217).
 */
export type CertificateKind = "land-contract" | "homestead" | "equity";
export type CertificateStatus = "valid" | "superseded" | "cancelled";

export const CERTIFICATE_TITLES: Record<CertificateKind, string> = {
  "land-contract": "农村土地承包经营权证",
  homestead: "不动产权证书（宅基地使用权）",
  equity: "农村集体经济组织股权证",
};

/** Land contracts and homesteads: the right's code and its register version, e.g. 371083108201000001J-0002. */
export function rightCertificateNo(rightCode: string, version: number): string {
  return `${rightCode}-${String(version).padStart(4, "0")}`;
}

/** Shares: the collective's issuing-party code, GQ (股权), and the collective's certificate count. */
export function equityCertificateNo(issuerCode: string, n: number): string {
  return `${issuerCode}-GQ-${String(n).padStart(6, "0")}`;
}

/** Every certificate number begins with the 6-digit county code of its right: routable without a lookup. */
export const CERTIFICATE_NO_PATTERN = /^\d{6}[0-9A-Z]{8,22}-(?:GQ-)?\d{4,6}$/;

export function countyOfCertificate(certificateNo: string): string | null {
  return CERTIFICATE_NO_PATTERN.test(certificateNo) ? certificateNo.slice(0, 6) : null;
}

/** JSON with object keys sorted at every depth: one text for one content. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export interface CertificatePayload {
  format: "rural-rights-certificate/1";
  certificateNo: string;
  kind: CertificateKind;
  title: string;
  issuedOn: string;
  issuer: { collectiveCode: string; collectiveName: string; issuerCode: string };
  holder: Record<string, unknown>;
  right: Record<string, unknown>;
  /** The certificate this one replaces, if any. */
  replaces: string | null;
}

/** Reads a payload back; null when it is not a certificate payload of this registry. */
export function parsePayload(text: string): CertificatePayload | null {
  try {
    const value = JSON.parse(text) as Partial<CertificatePayload>;
    if (value?.format !== "rural-rights-certificate/1" || typeof value.certificateNo !== "string") return null;
    if (value.kind !== "land-contract" && value.kind !== "homestead" && value.kind !== "equity") return null;
    return value as CertificatePayload;
  } catch {
    return null;
  }
}

/**
 * What a verification answers: `valid` says the payload is authentic (signed by a registry key and identical to
 * the register's copy); `status` says whether it is still the current certificate of the right.
 */
export type VerificationReason = "unknown_key" | "signature_mismatch" | "malformed_payload" | "not_in_register" | "differs_from_register";

export function verificationOutcome(
  signature: "valid" | "unknown_key" | "signature_mismatch",
  payload: CertificatePayload | null,
  registered: { payloadJson: string; signature: string; status: CertificateStatus } | null,
  presented: { payload: string; signature: string },
): { valid: boolean; status: CertificateStatus | null; reason?: VerificationReason } {
  // An unauthentic payload learns nothing about the register: not even whether its number is valid or superseded.
  if (signature !== "valid") return { valid: false, status: null, reason: signature };
  if (!payload) return { valid: false, status: null, reason: "malformed_payload" };
  if (!registered) return { valid: false, status: null, reason: "not_in_register" };
  if (registered.payloadJson !== presented.payload || registered.signature !== presented.signature)
    return { valid: false, status: registered.status, reason: "differs_from_register" };
  return { valid: true, status: registered.status };
}
