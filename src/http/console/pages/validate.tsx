import type { Hono } from "hono";
import { checkContractorCode, checkCreditCode, checkPlotCode, parseResidentId, residentIdCheckCharacter } from "../../../domain/identifiers/index.js";
import type { Message } from "../i18n.js";
import { formOf } from "../page.js";
import type { ConsoleEnv } from "../session.js";

/**
 * Checking as one types (htmx posts the field, this answers a fragment): the registry's own validators — the GB
 * 11643 check character, the GB 32100 mod-31 check, the GB/T 35958 codes — so the form can never disagree with the
 * API. The fragment is plain text in a polite live region; an empty answer means nothing to say yet.
 */
const M = {
  ok: { zh: "✓ 校验通过", en: "✓ Valid" },
  idLength: { zh: "身份证号码应为 18 位（17 位数字加一位数字或 X），或 15 位旧号码。", en: "An ID number has 18 characters (17 digits and a digit or X), or 15 digits for an old one." },
  idDate: { zh: "第 7–14 位不是有效的出生日期。", en: "Positions 7–14 are not a real birth date." },
  idCheck: { zh: "最后一位校验码不符，请对照证件核对每一位数字。", en: "The last character does not match the check character; compare each digit with the card." },
  creditCode: { zh: "统一社会信用代码应为 18 位，且校验码正确。", en: "A credit code has 18 characters and a matching check character." },
  contractor: { zh: "承包方编码应为 18 位：发包方编码（14 位）加 4 位顺序号。", en: "A contractor code has 18 digits: the issuer code (14) and a 4-digit number." },
  plot: { zh: "地块编码应为 19 位：发包方编码（14 位）加 5 位顺序号。", en: "A plot code has 19 digits: the issuer code (14) and a 5-digit number." },
} satisfies Record<string, Message>;

export function registerValidate(app: Hono<ConsoleEnv>) {
  app.post("/console/validate/:kind{id-number|credit-code|contractor-code|plot-code}", async (c) => {
    const { t } = c.var;
    const value = (Object.values(await formOf(c))[0] ?? "").trim();
    if (value === "") return c.text("");
    const answer = (problem: Message | null) => c.text(t(problem ?? M.ok));
    switch (c.req.param("kind")) {
      case "id-number": {
        const parsed = parseResidentId(value);
        if (parsed.ok) return answer(null);
        if (parsed.code === "id_number_birth_date_invalid") return answer(M.idDate);
        // 18 characters of the right shape whose last one is wrong: say which rule failed, not the expected character.
        if (/^\d{17}[\dXx]$/.test(value) && residentIdCheckCharacter(value.slice(0, 17)) !== value.slice(17).toUpperCase()) return answer(M.idCheck);
        return answer(M.idLength);
      }
      case "credit-code":
        return answer(checkCreditCode(value.toUpperCase()) === null ? null : M.creditCode);
      case "contractor-code":
        return answer(checkContractorCode(value) === null ? null : M.contractor);
      default:
        return answer(checkPlotCode(value) === null ? null : M.plot);
    }
  });
}
