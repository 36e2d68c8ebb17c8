import type { Child, FC } from "hono/jsx";
import { renderSVG } from "uqr";
import type { CertificateDocument } from "../../../commands/certificates/get-certificate-document.js";
import type { HomesteadFacts, HouseholdFacts, LandContractFacts, PersonFacts, EquityFacts } from "../../../commands/certificates/view.js";

/**
 * The printable certificate (A4), drawn from the signed payload only. Land contracts follow the face of the
 * 农村土地承包经营权证 (inner page 1: number, QR code, issuing authority, date; inner page 2: the contract, the
 * household, the plots); homesteads the 不动产权证书 of a 宅基地使用权; shares a 股权证. A superseded or cancelled
 * certificate says so on every page.
 */

/** The QR code as inline SVG (uqr: pure ESM, no canvas or Node APIs, so it runs in workerd as on Node). */
export function qrSvg(text: string): string {
  // ECC M and a 4-module quiet zone (ISO/IEC 18004) keep a printed and re-photographed code readable.
  return renderSVG(text, { ecc: "M", border: 4, pixelSize: 4 });
}

/** 2026-11-27 → 2026年11月27日 */
export function chineseDate(date: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? "");
  return m ? `${m[1]}年${m[2]}月${m[3]}日` : "—";
}

const RELATIONS: Record<string, string> = {
  head: "户主",
  spouse: "配偶",
  son: "子",
  daughter: "女",
  father: "父亲",
  mother: "母亲",
  grandchild: "孙子女",
  "other-relative": "其他亲属",
  "non-relative": "非亲属",
};

const CSS = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; color: #111; }
body { margin: 0; background: #d9d9d9; }
.page { position: relative; overflow: hidden; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 20mm 18mm; background: #fffdf7; }
h1 { margin: 4mm 0 8mm; text-align: center; font-size: 24pt; letter-spacing: 0.15em; }
h2 { margin: 6mm 0 3mm; font-size: 13pt; }
.number { text-align: center; font-size: 14pt; margin-bottom: 10mm; }
.number b { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; letter-spacing: 0.03em; }
.qr { width: 46mm; margin: 0 auto 4mm; }
.qr svg { display: block; width: 46mm; height: 46mm; shape-rendering: crispEdges; }
.qr figcaption { text-align: center; font-size: 9pt; color: #444; margin-top: 1mm; }
.authority { margin-top: 16mm; text-align: center; font-size: 13pt; line-height: 2; }
.seal { display: inline-block; margin-top: 6mm; padding: 3mm 6mm; border: 2px solid #c00; border-radius: 50%; color: #c00; font-size: 10pt; }
table { width: 100%; border-collapse: collapse; margin-bottom: 4mm; }
th, td { border: 1px solid #333; padding: 1.8mm 2.2mm; font-size: 10.5pt; text-align: left; vertical-align: top; }
th { background: #f2efe6; font-weight: normal; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.facts th { width: 32mm; }
.status { margin: 0 0 6mm; padding: 3mm 4mm; border: 3px solid #b00000; color: #b00000; font-size: 14pt; font-weight: bold; text-align: center; }
.watermark { position: absolute; top: 38%; left: -10%; right: -10%; text-align: center; font-size: 96pt; font-weight: bold; color: rgba(190, 0, 0, 0.16); transform: rotate(-28deg); pointer-events: none; }
.qr-caption { text-align: center; }
.note { font-size: 9pt; color: #444; line-height: 1.6; word-break: break-all; }
@media print {
  body { background: none; }
  .page { margin: 0; width: auto; min-height: 296mm; padding: 18mm 16mm; break-after: page; background: #fff; }
  .page:last-child { break-after: auto; }
  .status, .watermark, .seal, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

type Props = { doc: CertificateDocument; verificationUrl: string };

const StatusMark: FC<{ doc: CertificateDocument }> = ({ doc }) => {
  const c = doc.certificate;
  if (c.status === "valid") return null;
  const text =
    c.status === "superseded"
      ? `已换发：本证书已由 ${c.supersededBy} 号证书换发，自${chineseDate(c.endedOn)}起不再有效`
      : `作废：本证书所载权利已于${chineseDate(c.endedOn)}注销，本证书不再有效`;
  return (
    <>
      <p class="status" data-status={c.status}>
        {text}
      </p>
      <div class="watermark" aria-hidden="true">
        {c.status === "superseded" ? "已换发" : "作废"}
      </div>
    </>
  );
};

/** Inner page 1: the number, the QR code, the issuing authority and the date. */
const CoverPage: FC<Props> = ({ doc, verificationUrl }) => {
  const c = doc.certificate;
  const county = doc.issuer.issuerCode.slice(0, 6);
  return (
    <section class="page" id="page-1">
      <StatusMark doc={doc} />
      <h1>{c.title}</h1>
      <p class="number">
        编号：<b id="certificate-no">{c.certificateNo}</b>
      </p>
      <figure class="qr" id="qr" dangerouslySetInnerHTML={{ __html: qrSvg(verificationUrl) }} />
      <p class="note qr-caption">扫描二维码核验本证书</p>
      <div class="authority">
        <div>发证机关：县级人民政府（行政区划代码 {county}）</div>
        <div>发包方 / 集体经济组织：{doc.issuer.collectiveName}</div>
        <div>发证日期：{chineseDate(c.issuedOn)}</div>
        <div class="seal" title={c.keyId}>
          电子签章 · {c.keyId.slice(0, 8)}
        </div>
      </div>
      {doc.replaces ? <p class="note">本证书换发原证书 {doc.replaces}。</p> : null}
    </section>
  );
};

const Row: FC<{ label: string; children?: Child }> = ({ label, children }) => (
  <tr>
    <th>{label}</th>
    <td>{children}</td>
  </tr>
);

const Members: FC<{ holder: HouseholdFacts }> = ({ holder }) => (
  <table class="members">
    <thead>
      <tr>
        <th>姓名</th>
        <th>与户主关系</th>
        <th>备注</th>
      </tr>
    </thead>
    <tbody>
      {holder.members.map((m) => (
        <tr>
          <td>{m.name}</td>
          <td>{RELATIONS[m.relation] ?? m.relation}</td>
          <td>{m.coHolder ? "共有人" : ""}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** Inner page 2 of a land-contract certificate: the contract, the household and its plots. */
const LandPage: FC<{ doc: CertificateDocument; holder: HouseholdFacts; right: LandContractFacts }> = ({ doc, holder, right }) => (
  <section class="page" id="page-2">
    <StatusMark doc={doc} />
    <h2>承包方与承包合同</h2>
    <table class="facts">
      <tbody>
        <Row label="权证编码">{doc.certificate.certificateNo}</Row>
        <Row label="发包方名称">{doc.issuer.collectiveName}</Row>
        <Row label="发包方编码">{doc.issuer.issuerCode}</Row>
        <Row label="承包方编码">{holder.contractorCode}</Row>
        <Row label="承包方代表">{holder.representative?.name ?? "—"}</Row>
        <Row label="证件号码">{holder.representative?.idNumber ?? "—"}</Row>
        <Row label="承包方式">{right.mode === "household" ? "家庭承包" : "其他方式承包"}</Row>
        <Row label="承包合同编号">{right.contractCode}</Row>
        <Row label="承包期限">
          {chineseDate(right.startsOn)} 至 {chineseDate(right.endsOn)}
        </Row>
        {right.paperCertificateNo ? <Row label="原纸质证书编号">{right.paperCertificateNo}</Row> : null}
      </tbody>
    </table>
    <h2>家庭成员情况</h2>
    <Members holder={holder} />
    <h2>承包地块情况</h2>
    <p>
      确权总面积 <b id="total-area">{right.totalAreaMu}</b> 亩，共 <b id="plot-count">{right.plotCount}</b> 块
    </p>
    <table class="plots">
      <thead>
        <tr>
          <th rowspan={2}>地块编码</th>
          <th rowspan={2}>地块名称</th>
          <th colspan={4}>四至</th>
          <th rowspan={2} class="num">
            面积（亩）
          </th>
          <th rowspan={2}>基本农田</th>
        </tr>
        <tr>
          <th>东</th>
          <th>南</th>
          <th>西</th>
          <th>北</th>
        </tr>
      </thead>
      <tbody>
        {right.plots.map((p) => (
          <tr data-plot={p.plotCode}>
            <td>{p.plotCode}</td>
            <td>{p.name ?? ""}</td>
            <td>{p.boundaries.east ?? ""}</td>
            <td>{p.boundaries.south ?? ""}</td>
            <td>{p.boundaries.west ?? ""}</td>
            <td>{p.boundaries.north ?? ""}</td>
            <td class="num">{p.areaMu}</td>
            <td>{p.basicFarmland ? "是" : "否"}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <EncumbranceNotes doc={doc} />
    <Footer doc={doc} />
  </section>
);

/** The 不动产权证书 of a homestead use right: unit, right, area, approval and annotations (附记). */
const HomesteadPage: FC<{ doc: CertificateDocument; holder: HouseholdFacts; right: HomesteadFacts }> = ({ doc, holder, right }) => {
  const coHolders = holder.members.filter((m) => m.coHolder).map((m) => m.name);
  return (
    <section class="page" id="page-2">
      <StatusMark doc={doc} />
      <h2>不动产登记信息</h2>
      <table class="facts">
        <tbody>
          <Row label="权利人">{holder.representative?.name ?? "—"}</Row>
          <Row label="证件号码">{holder.representative?.idNumber ?? "—"}</Row>
          <Row label="共有情况">{coHolders.length > 1 ? `家庭共有（${coHolders.join("、")}）` : "单独所有"}</Row>
          <Row label="所属集体">{doc.issuer.collectiveName}</Row>
          <Row label="不动产单元号">{right.unitNumber}</Row>
          <Row label="权利类型">宅基地使用权</Row>
          <Row label="权利性质">{right.origin === "grant" ? "批准拨用" : "存量确认"}</Row>
          <Row label="用途">{right.use}</Row>
          <Row label="面积">
            宗地面积 <b id="area">{right.areaM2}</b> ㎡
          </Row>
          <Row label="使用期限">—</Row>
          <Row label="批准">
            {right.approvalRef ? `${right.approvalRef}，` : ""}
            {chineseDate(right.approvedOn)}
          </Row>
          <Row label="附记">
            {right.annotations.length === 0 ? "—" : right.annotations.map((a) => <div>{a.text}</div>)}
          </Row>
        </tbody>
      </table>
      <h2>家庭成员</h2>
      <Members holder={holder} />
      <EncumbranceNotes doc={doc} />
      <Footer doc={doc} />
    </section>
  );
};

/** The 股权证 of a member's shares in the collective's assets. */
const EquityPage: FC<{ doc: CertificateDocument; holder: PersonFacts; right: EquityFacts }> = ({ doc, holder, right }) => (
  <section class="page" id="page-2">
    <StatusMark doc={doc} />
    <h2>股权登记信息</h2>
    <table class="facts">
      <tbody>
        <Row label="集体经济组织">{doc.issuer.collectiveName}</Row>
        <Row label="统一社会信用代码">{right.collectiveCode}</Row>
        <Row label="持股人">{holder.name}</Row>
        <Row label="证件号码">{holder.idNumber ?? "—"}</Row>
        <Row label="持有股份">
          <b id="shares">{right.shares}</b> 股
        </Row>
        <Row label="发证日期">{chineseDate(doc.certificate.issuedOn)}</Row>
      </tbody>
    </table>
    <EncumbranceNotes doc={doc} />
    <Footer doc={doc} />
  </section>
);

const ENCUMBRANCE_KINDS: Record<string, string> = { objection: "异议登记", seizure: "查封", pledge: "抵押", "management-right": "土地经营权登记" };

/** One restriction as a line of 附记: 查封：乳山市人民法院，（2026）鲁1083执123号，2026年11月20日起至解除时止 */
export function encumbranceLine(e: CertificateDocument["encumbrances"][number]): string {
  const on = e.subjectKind === "plot" ? `地块 ${e.subject} ` : "";
  const until = e.lawsuitRef ? `至解除时止（已起诉：${e.lawsuitRef}）` : e.effectiveUntil ? `至${chineseDate(e.effectiveUntil)}` : "至解除时止";
  return `${on}${ENCUMBRANCE_KINDS[e.kind] ?? e.kind}：${e.party}，${e.documentRef}，${chineseDate(e.registeredOn)}起${until}`;
}

/** 附记 from the live register: the restrictions in effect today on the right (not part of the signed text). */
const EncumbranceNotes: FC<{ doc: CertificateDocument }> = ({ doc }) =>
  doc.encumbrances.length === 0 ? null : (
    <section id="encumbrances">
      <h2>附记（登记簿现时记载的权利限制）</h2>
      <ul>
        {doc.encumbrances.map((e) => (
          <li data-kind={e.kind} data-encumbrance={e.id}>
            {encumbranceLine(e)}
          </li>
        ))}
      </ul>
      <p class="note">以上内容取自登记簿现时记载，不属于本证书签章内容；限制解除或失效后不再显示。</p>
    </section>
  );

const Footer: FC<{ doc: CertificateDocument }> = ({ doc }) => (
  <p class="note">
    本证书为电子证书，以登记簿记载为准。核验：扫描首页二维码，或将证书内容（payload）、签名与密钥标识提交至 POST
    /v1/certificates/verification。密钥标识（kid）：{doc.certificate.keyId}
  </p>
);

/** What a page that embeds the certificate adds: in the head (styles, a script file) and before the first page (a toolbar). */
export interface CertificateChrome {
  head?: Child;
  toolbar?: Child;
}

export const CertificatePage: FC<Props & CertificateChrome> = ({ doc, verificationUrl, head, toolbar }) => {
  const face = doc.face;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${doc.certificate.title} ${doc.certificate.certificateNo}`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
        {head}
      </head>
      <body data-status={doc.certificate.status}>
        {toolbar}
        <CoverPage doc={doc} verificationUrl={verificationUrl} />
        {face.kind === "land-contract" ? (
          <LandPage doc={doc} holder={face.holder} right={face.right} />
        ) : face.kind === "homestead" ? (
          <HomesteadPage doc={doc} holder={face.holder} right={face.right} />
        ) : (
          <EquityPage doc={doc} holder={face.holder} right={face.right} />
        )}
      </body>
    </html>
  );
};

export async function renderCertificatePage(doc: CertificateDocument, verificationUrl: string, chrome: CertificateChrome = {}): Promise<string> {
  return "<!doctype html>" + (await (<CertificatePage doc={doc} verificationUrl={verificationUrl} {...chrome} />).toString());
}

/** Where a certificate's QR code points: the public verification page with the certificate's signature. */
export function verificationUrlOf(publicBaseUrl: string | undefined, requestUrl: string, certificateNo: string, signature: string): string {
  const base = (publicBaseUrl ?? new URL(requestUrl).origin).replace(/\/+$/, "");
  return `${base}/v1/certificates/${encodeURIComponent(certificateNo)}/verification?sig=${encodeURIComponent(signature)}`;
}
