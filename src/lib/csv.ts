/**
 * CSV for spreadsheets (RFC 4180): fields separated by commas, records by CRLF; a field that holds a comma, a
 * double quote, CR or LF is enclosed in double quotes, with its quotes doubled. The document begins with a UTF-8
 * byte order mark so that Excel opens Chinese text as UTF-8 rather than the local code page.
 */
export const UTF8_BOM = "\uFEFF";

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Free text typed by a person (names, payment references) that a spreadsheet would run as a formula if it began
 * with = + - @ or a tab or CR (OWASP "CSV injection"): such text is prefixed with an apostrophe, shown as text.
 */
export function csvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

/** The whole document: BOM, header, records, each record ended by CRLF. */
export function csvDocument(header: readonly string[], records: readonly (readonly string[])[]): string {
  return UTF8_BOM + [header, ...records].map((r) => csvRecord(r) + "\r\n").join("");
}
