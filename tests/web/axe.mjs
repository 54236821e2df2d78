// Accessibility and layout checks of generated pages in Debian's Chromium.
//   node axe.mjs SITE_DIR PAGE... [--screenshots DIR]
// For every page, at 1280 and at 375 CSS px wide:
//   - axe-core with the WCAG 2.0/2.1 A and AA rules: 0 violations;
//   - no sideways scrolling of the page (tables scroll in their own box).
// On kreise.html also: typing into the filter narrows the list.
// Prints "PASS <check>" or "FAIL <check>" (with details) per check; exit 1
// when any check failed, 2 when the browser cannot start.
// The browser is /usr/bin/chromium (CHROMIUM overrides), never a download.
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
let shots = null;
const i = args.indexOf("--screenshots");
if (i >= 0) {
  shots = args[i + 1];
  args.splice(i, 2);
  mkdirSync(shots, { recursive: true });
}
const [site, ...pages] = args;
if (!site || pages.length === 0) {
  console.error("usage: node axe.mjs SITE_DIR PAGE... [--screenshots DIR]");
  process.exit(2);
}

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const WIDTHS = [1280, 375];
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let failed = 0;
function report(ok, name, details) {
  console.log(`${ok ? "PASS" : "FAIL"} ${name}`);
  if (!ok) {
    failed++;
    for (const d of details || []) console.log(`  ${d}`);
  }
}

const profile = mkdtempSync(join(tmpdir(), "digindex-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
} catch (e) {
  console.log(`FAIL chromium: cannot start: ${e.message.split("\n")[0]}`);
  rmSync(profile, { recursive: true, force: true });
  process.exit(2);
}

try {
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  for (const rel of pages) {
    const url = pathToFileURL(resolve(site, rel)).href;
    for (const width of WIDTHS) {
      errors.length = 0;
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(axeSource);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        TAGS,
      );
      const v = result.violations;
      report(
        v.length === 0,
        `axe ${rel} @${width}px (${result.passes.length} rules passed)`,
        v.flatMap((x) => [
          `${x.id} (${x.impact}): ${x.help}`,
          ...x.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`),
        ]),
      );
      const overflow = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        view: window.innerWidth,
      }));
      report(
        overflow.doc <= overflow.view,
        `no sideways scrolling ${rel} @${width}px`,
        [`page is ${overflow.doc}px wide in a ${overflow.view}px window`],
      );
      report(errors.length === 0, `no script errors ${rel} @${width}px`, errors);
      if (width === 1280) {
        // Tables fit: no table box needs to scroll sideways at 1280 px.
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll(".table-wrap")]
            .filter((w) => w.getClientRects().length > 0 && w.scrollWidth > w.clientWidth + 1)
            .map((w) => `${w.getAttribute("aria-labelledby")}: ${w.scrollWidth}px in ${w.clientWidth}px`),
        );
        report(wide.length === 0, `tables fit ${rel} @${width}px`, wide);
      } else {
        // Chart text as shown: the font size times the scale of its SVG,
        // 12 px or more (the map's credit line "© …" excepted).
        const small = await page.evaluate(() => {
          const out = [];
          let seen = 0;
          for (const t of document.querySelectorAll("svg text")) {
            if (t.getClientRects().length === 0) continue; // not displayed
            const svg = t.ownerSVGElement;
            const vb = svg.viewBox.baseVal;
            const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
            const px = parseFloat(getComputedStyle(t).fontSize) * scale;
            seen++;
            if (px < 12 - 0.01 && !t.textContent.trim().startsWith("©"))
              out.push(`${px.toFixed(1)}px: ${t.textContent.trim().slice(0, 40)}`);
          }
          return { seen, out };
        });
        const charts = await page.locator("svg").count();
        report(
          small.out.length === 0 && (charts === 0 || small.seen > 0),
          `chart text ≥ 12 px ${rel} @${width}px (${small.seen} texts)`,
          small.out.slice(0, 8),
        );
      }
      if (shots) {
        const name = rel.replace(/[^A-Za-z0-9]+/g, "_");
        await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
      }
    }
    if (rel.startsWith("laender/")) {
      // Printed (A4, the page's print style): at most 4 pages, without the
      // navigation and the download buttons.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url, { waitUntil: "load" });
      await page.emulateMedia({ media: "print" });
      const hidden = await page.evaluate(() =>
        [".site-nav", ".downloads", ".chart-files"].every((sel) =>
          [...document.querySelectorAll(sel)].every((e) => getComputedStyle(e).display === "none"),
        ),
      );
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
      await page.emulateMedia({ media: "screen" });
      report(pages >= 1 && pages <= 4 && hidden, `print ${rel}: ${pages} pages`, [
        `pages=${pages} (at most 4), navigation and downloads hidden=${hidden}`,
      ]);
    }
    if (rel.endsWith("kreise.html")) {
      await page.setViewportSize({ width: 375, height: 900 });
      await page.goto(url, { waitUntil: "load" });
      const all = await page.locator("tbody tr:visible").count();
      const box = await page.locator("#kreisfilter").isVisible();
      const first = (await page.locator("tbody tr th").first().textContent()).trim();
      await page.fill("#kreisfilter-eingabe", first);
      const some = await page.locator("tbody tr:visible").count();
      const status = (await page.locator("#kreisfilter-status").textContent()).trim();
      await page.fill("#kreisfilter-eingabe", "zzzzzz-kein-kreis");
      const none = await page.locator("tbody tr:visible").count();
      const groups = await page.locator(".land-group:visible").count();
      await page.fill("#kreisfilter-eingabe", "");
      const back = await page.locator("tbody tr:visible").count();
      report(
        box && all > 0 && some >= 1 && some < all && none === 0 && groups === 0 && back === all && status.includes("gefunden"),
        `filter ${rel}`,
        [`visible=${box} all=${all} "${first}"→${some} (${status}) none=${none} groups=${groups} cleared=${back}`],
      );
    }
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
