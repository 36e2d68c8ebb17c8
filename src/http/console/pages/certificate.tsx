import type { Hono } from "hono";
import { getCertificateDocument } from "../../../commands/certificates/get-certificate-document.js";
import { countyOfCertificate } from "../../../domain/certificates.js";
import { contextIn } from "../../context.js";
import { raw } from "hono/html";
import { renderCertificatePage, verificationUrlOf } from "../../routes/certificates/document.js";
import { htmlLang, type Message } from "../i18n.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";
import { safeNext } from "./sign-in.js";

/**
 * The printable certificate in the console: the very page of GET /v1/certificates/{no}/document (its component and
 * the getCertificateDocument command), reached with the console's session instead of a bearer token, with a print
 * button and a way back. The pages' CSP allows no inline script: the button is bound by /console/assets/print.js,
 * served from here; without script it stays hidden and the page says how to print (Ctrl+P).
 */
const M = {
  back: { zh: "← 返回", en: "← Back" },
  print: { zh: "打印证书", en: "Print the certificate" },
  hint: { zh: "按 Ctrl+P 打印", en: "Press Ctrl+P to print" },
  toolbar: { zh: "证书操作", en: "Certificate tools" },
} satisfies Record<string, Message>;

/** Shows the print button and binds it: an external script, as the Content-Security-Policy (script-src 'self') wants. */
const PRINT_JS = `(function () {
  var button = document.getElementById("print");
  var hint = document.getElementById("print-hint");
  if (!button) return;
  button.hidden = false;
  if (hint) hint.hidden = true;
  button.addEventListener("click", function () { window.print(); });
})();
`;

const TOOLBAR_CSS = `
.console-toolbar { max-width: 210mm; margin: 8mm auto 0; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 12pt; }
.console-toolbar a { color: #0b4f8a; }
.console-toolbar button { font: inherit; padding: 6px 16px; border-radius: 4px; border: 1px solid #0b4f8a; background: #0b4f8a; color: #fff; cursor: pointer; }
.console-toolbar :focus-visible { outline: 3px solid #f5a300; outline-offset: 2px; }
.console-toolbar [hidden] { display: none; }
@media print { .console-toolbar { display: none; } }
`;

const Toolbar = ({ c, back }: { c: ConsoleContext; back: string }) => {
  const { t, lang } = c.var;
  return (
    <nav class="console-toolbar" aria-label={t(M.toolbar)} lang={htmlLang(lang)}>
      <a href={back} id="back">
        {t(M.back)}
      </a>
      <button type="button" id="print" hidden>
        {t(M.print)}
      </button>
      <span id="print-hint">{t(M.hint)}</span>
    </nav>
  );
};

export function registerCertificatePages(app: Hono<ConsoleEnv>) {
  app.get("/console/assets/print.js", (c) => c.body(PRINT_JS, 200, { "Content-Type": "text/javascript; charset=utf-8" }));

  app.get("/console/certificates/:no", requireSession, async (c) => {
    const no = c.req.param("no");
    const doc = await getCertificateDocument(contextIn(c, countyOfCertificate(no)), no);
    const fallback = doc.certificate.holder.kind === "person" && c.var.actor.role === "holder" ? `/console/persons/${doc.certificate.holder.id}` : "/console";
    const back = safeNext(c.req.query("back") ?? fallback);
    const url = verificationUrlOf(c.var.deps.publicBaseUrl, c.req.url, doc.certificate.certificateNo, doc.certificate.signature);
    const head = (
      <>
        <style>{raw(TOOLBAR_CSS)}</style>
        <script src="/console/assets/print.js" defer></script>
      </>
    );
    return c.html(await renderCertificatePage(doc, url, { head, toolbar: <Toolbar c={c} back={back} /> }), 200);
  });
}
