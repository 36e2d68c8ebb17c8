import type { FC } from "hono/jsx";
import type { CertificateCheck } from "../../../commands/certificates/check-certificate.js";
import { chineseDate, encumbranceLine } from "./document.js";

/** What a phone shows after scanning a certificate's QR code: a verdict first, then the facts in brief. */

const REASONS: Record<string, string> = {
  unknown_key: "签名密钥不是本登记机构的密钥",
  signature_mismatch: "证书内容或签名已被改动",
  malformed_payload: "证书内容无法识别",
  not_in_register: "登记簿中没有这份证书",
  differs_from_register: "二维码中的签名与登记簿记载的不一致",
};

const STATUS: Record<string, string> = { valid: "现行有效", superseded: "已换发", cancelled: "已注销（作废）" };

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; background: #f4f4f4; color: #111; }
main { max-width: 32rem; margin: 0 auto; padding: 1rem; }
.verdict { padding: 1.25rem 1rem; border-radius: 0.75rem; color: #fff; text-align: center; }
.verdict h1 { margin: 0; font-size: 1.5rem; }
.verdict p { margin: 0.5rem 0 0; }
.ok { background: #1b7f3b; }
.warn { background: #a86400; }
.bad { background: #b00020; }
dl { margin: 1rem 0; padding: 1rem; background: #fff; border-radius: 0.75rem; display: grid; grid-template-columns: auto 1fr; gap: 0.5rem 1rem; }
dt { color: #555; }
dd { margin: 0; word-break: break-all; }
footer { font-size: 0.8rem; color: #666; }
`;

function verdict(check: CertificateCheck): { tone: "ok" | "warn" | "bad"; heading: string; line: string } {
  if (!check.valid) return { tone: "bad", heading: "✗ 核验未通过", line: REASONS[check.reason ?? ""] ?? "无法确认这份证书" };
  if (check.status === "valid") return { tone: "ok", heading: "✓ 证书真实有效", line: "与登记簿记载一致，现行有效" };
  if (check.status === "superseded") return { tone: "warn", heading: "✓ 证书真实，但已换发", line: `已由 ${check.supersededBy} 号证书换发，本证书不再有效` };
  return { tone: "warn", heading: "✓ 证书真实，但已注销", line: "所载权利已注销，本证书不再有效" };
}

export const VerificationPage: FC<{ check: CertificateCheck }> = ({ check }) => {
  const v = verdict(check);
  const r = check.right;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>证书核验 {check.certificateNo}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <main data-valid={String(check.valid)} data-status={check.status ?? ""}>
          <section class={`verdict ${v.tone}`} id="verdict">
            <h1>{v.heading}</h1>
            <p>{v.line}</p>
          </section>
          <dl>
            <dt>证书编号</dt>
            <dd id="certificate-no">{check.certificateNo}</dd>
            <dt>证书类型</dt>
            <dd>{check.title}</dd>
            <dt>登记状态</dt>
            <dd>{STATUS[check.status ?? ""] ?? "—"}</dd>
            <dt>发证日期</dt>
            <dd>{chineseDate(check.issuedOn)}</dd>
            {check.supersededBy ? (
              <>
                <dt>换发证书</dt>
                <dd>{check.supersededBy}</dd>
              </>
            ) : null}
            {check.holder ? (
              <>
                <dt>权利人</dt>
                <dd>{check.holder.name ?? "—"}</dd>
                <dt>证件号码</dt>
                <dd>{check.holder.idNumber ?? "—"}</dd>
              </>
            ) : null}
            {r ? (
              <>
                <dt>集体经济组织</dt>
                <dd>{r.collectiveName}</dd>
                {r.contractCode ? (
                  <>
                    <dt>承包合同</dt>
                    <dd>{r.contractCode}</dd>
                    <dt>承包期限</dt>
                    <dd>
                      {chineseDate(r.startsOn)} 至 {chineseDate(r.endsOn)}
                    </dd>
                    <dt>承包地</dt>
                    <dd>
                      {r.plotCount} 块，共 {r.totalAreaMu} 亩
                    </dd>
                  </>
                ) : null}
                {r.unitNumber ? (
                  <>
                    <dt>不动产单元号</dt>
                    <dd>{r.unitNumber}</dd>
                    <dt>宗地面积</dt>
                    <dd>{r.areaM2} ㎡</dd>
                  </>
                ) : null}
                {r.shares ? (
                  <>
                    <dt>持有股份</dt>
                    <dd>{r.shares} 股</dd>
                  </>
                ) : null}
              </>
            ) : null}
            {check.encumbrances.length > 0 ? (
              <>
                <dt>权利限制</dt>
                <dd id="encumbrances">
                  {check.encumbrances.map((e) => (
                    <div data-kind={e.kind}>{encumbranceLine(e)}</div>
                  ))}
                </dd>
              </>
            ) : null}
          </dl>
          <footer>农村集体经济组织成员权益登记簿 · 电子证书核验。以登记簿记载为准。</footer>
        </main>
      </body>
    </html>
  );
};

const NotFoundPage: FC = () => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>证书核验</title>
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
    </head>
    <body>
      <main data-valid="false" data-status="">
        <section class="verdict bad" id="verdict">
          <h1>✗ 查无此证</h1>
          <p>登记簿中没有这个编号的证书，请核对二维码或证书编号</p>
        </section>
      </main>
    </body>
  </html>
);

/** The phone page as a document; `check` null: no such certificate. */
export async function renderVerificationPage(check: CertificateCheck | null): Promise<string> {
  return "<!doctype html>" + (await (check ? <VerificationPage check={check} /> : <NotFoundPage />).toString());
}
