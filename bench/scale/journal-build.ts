/**
 * Item 4b's journal database, built in a child process (bench/scale/journal.ts buildJournal):
 *
 *   npx tsx bench/scale/journal-build.ts <db file>      → one JSON line
 */
import { buildJournal } from "./journal.js";

const [file] = process.argv.slice(2);
if (!file) throw new Error("usage: journal-build.ts <db file>");
console.log(JSON.stringify(await buildJournal(file)));
