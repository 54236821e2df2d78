// html-validate over every .html file under a site folder.
//   node validate.mjs SITE_DIR
// Prints one line per page: "PASS html-validate <page>", or "FAIL
// html-validate <page>" followed by its messages as page:line:col.
// Exit status: 0 when every page is valid, 1 otherwise, 2 on usage errors.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { HtmlValidate, StaticConfigLoader } from "html-validate";

const site = process.argv[2];
if (!site) {
  console.error("usage: node validate.mjs SITE_DIR");
  process.exit(2);
}

function pages(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pages(p));
    else if (name.endsWith(".html")) out.push(p);
  }
  return out;
}

// Our config, whatever folder the site is in (no .htmlvalidate.json lookup).
const here = dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(readFileSync(join(here, ".htmlvalidate.json"), "utf8"));
const validator = new HtmlValidate(new StaticConfigLoader(config));

const files = pages(site);
if (files.length === 0) {
  console.log(`FAIL html-validate: no .html files under ${site}`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  const report = await validator.validateString(readFileSync(file, "utf8"), file);
  const name = relative(site, file);
  if (report.valid) {
    console.log(`PASS html-validate ${name}`);
    continue;
  }
  failed++;
  console.log(`FAIL html-validate ${name}`);
  for (const r of report.results)
    for (const m of r.messages)
      console.log(`  ${name}:${m.line}:${m.column}: ${m.ruleId}: ${m.message}`);
}
process.exit(failed ? 1 : 0);
