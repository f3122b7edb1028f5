// The journeys of echoppe's people in a real browser: a visitor, a buyer, a
// seller and an operator, each at 1280×800 and at 390×844 (a phone).
//
// Every page on the way is checked the same way: no console error and no
// failed request, nothing wider than the screen, axe-core finds nothing
// `serious` or `critical`, and at desktop width the header holds on one
// line. A full-page screenshot of each is kept under $SHOTS.
//
// Run by `tests/browser/run.sh`, which starts echoppe on a seeded catalogue
// and gives this script its address (BASE), the binary and its data
// directory (ECHOPPE, DATA: to make the operator an administrator) and a
// photo to upload (PHOTO).

import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

const BASE = process.env.BASE ?? "http://127.0.0.1:8080";
const SHOTS = process.env.SHOTS ?? "target/browser-shots";
const PHOTO = process.env.PHOTO;
const PASSWORD = "un mot de passe solide";
mkdirSync(SHOTS, { recursive: true });

const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

const problems = [];
const shots = [];
let step = 0;

function problem(where, what) {
  problems.push(`${where}: ${what}`);
  console.error(`  ✗ ${what}`);
}

/// A person with a browser of their own at one size.
class Person {
  constructor(context, size, who) {
    this.context = context;
    this.size = size;
    this.who = who;
    this.errors = [];
  }

  static async open(browser, size, who) {
    const context = await browser.newContext({ viewport: size.viewport, isMobile: size.isMobile, hasTouch: size.hasTouch, locale: "fr-FR" });
    const person = new Person(context, size, who);
    person.page = await context.newPage();
    person.page.on("console", (message) => {
      if (message.type() === "error") person.errors.push(`console: ${message.text()}`);
    });
    person.page.on("pageerror", (error) => person.errors.push(`script: ${error.message}`));
    person.page.on("requestfailed", (request) => {
      // A navigation that replaces a page cancels what the old one still loaded.
      const failure = request.failure()?.errorText ?? "";
      if (!failure.includes("ERR_ABORTED")) person.errors.push(`request failed: ${request.url()} ${failure}`);
    });
    person.page.on("response", (response) => {
      if (response.status() >= 400) person.errors.push(`${response.status()} for ${response.url()}`);
    });
    return person;
  }

  async goto(path) {
    await this.page.goto(BASE + path, { waitUntil: "networkidle" });
  }

  /// Checks the page now shown, and keeps its screenshot.
  async check(label) {
    const page = this.page;
    const where = `${this.who} ${this.size.name} ${label} (${new URL(page.url()).pathname})`;
    console.log(`• ${where}`);
    await page.waitForLoadState("networkidle");
    for (const error of this.errors.splice(0)) problem(where, error);
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      header: document.querySelector(".site-header__bar")?.getBoundingClientRect().height ?? 0,
      categories: document.querySelector(".categories")?.getBoundingClientRect().height ?? 0,
      wide: [...document.querySelectorAll("main *")]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .filter((e) => !e.closest(".categories__list, .tiles, .gallery__slides, .gallery__thumbs"))
        .slice(0, 3)
        .map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "")),
    }));
    if (layout.scrollWidth > layout.clientWidth) {
      problem(where, `the page is ${layout.scrollWidth} px wide on a ${layout.clientWidth} px screen (${layout.wide.join(", ")})`);
    } else if (layout.wide.length) {
      problem(where, `content runs off the screen: ${layout.wide.join(", ")}`);
    }
    if (this.size.name === "desktop") {
      // One line: the brand, the search box and the account links (about 72 px).
      if (layout.header > 90) problem(where, `the header wraps (${Math.round(layout.header)} px high)`);
      if (layout.categories > 60) problem(where, `the category bar wraps (${Math.round(layout.categories)} px high)`);
    }
    const axe = await new AxeBuilder({ page })
      // Experimental in axe, and the one the walk found on every page.
      .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
      .analyze();
    for (const violation of axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
      const targets = violation.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" ; ");
      problem(where, `axe ${violation.impact} ${violation.id}: ${violation.help} (${targets})`);
    }
    step += 1;
    const file = `${SHOTS}/${String(step).padStart(2, "0")}-${this.who}-${this.size.name}-${label.replace(/[^a-z0-9]+/gi, "-")}.png`;
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  }

  async close() {
    await this.context.close();
  }
}

/// The first link matching `selector`, followed.
async function follow(page, selector) {
  const link = page.locator(selector).first();
  await Promise.all([page.waitForLoadState("networkidle"), link.click()]);
  await page.waitForLoadState("networkidle");
}

/// Fills a form's fields by name (in the page's main part: the head has a
/// `<meta name="description">`) and submits it with `button`.
async function submit(page, fields, button) {
  for (const [name, value] of Object.entries(fields)) {
    const field = page.locator(`main [name="${name}"]`).first();
    const tag = await field.evaluate((e) => e.tagName.toLowerCase());
    if (tag === "select") await field.selectOption(value);
    else await field.fill(value);
  }
  await Promise.all([page.waitForNavigation({ waitUntil: "networkidle" }), page.locator(button).first().click()]);
}

function expect(person, condition, what) {
  if (!condition) problem(`${person.who} ${person.size.name} ${new URL(person.page.url()).pathname}`, what);
}

async function signUp(person, email, name) {
  await person.goto("/signup");
  await person.check("sign-up");
  await submit(person.page, { email, display_name: name, password: PASSWORD }, "form[action='/signup'] button[type=submit]");
  expect(person, !person.page.url().includes("/signup"), "signing up did not go through");
}

async function visitor(browser, size) {
  const me = await Person.open(browser, size, "visitor");
  await me.goto("/");
  await me.check("home");
  await follow(me.page, ".tile");
  await me.check("category");
  const sort = me.page.locator("form.filters select[name=sort]");
  await sort.selectOption("price_asc");
  await Promise.all([me.page.waitForNavigation({ waitUntil: "networkidle" }), me.page.locator("form.filters button[type=submit]").click()]);
  expect(me, me.page.url().includes("sort=price_asc"), "sorting the category did not reach the URL");
  await me.check("category sorted");
  // A typo: "colier" still finds necklaces.
  await me.page.locator("#site-search").fill("colier");
  await Promise.all([me.page.waitForNavigation({ waitUntil: "networkidle" }), me.page.locator(".site-search button").click()]);
  expect(me, (await me.page.locator(".grid .card").count()) > 0, "a search with a typo found nothing");
  if (size.name === "phone") {
    const toggle = me.page.locator(".facets__toggle");
    const resultsTop = await me.page.locator(".grid").first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
    expect(me, resultsTop < 700, `the results start ${Math.round(resultsTop)} px down, below the filters`);
    await toggle.click();
    expect(me, await me.page.locator("form.filters").isVisible(), "the filter button does not open the filters");
  }
  await me.check("search");
  await follow(me.page, ".grid .card__link");
  await me.check("listing");
  await follow(me.page, ".shop-box__name a");
  await me.check("shop");
  await me.close();
}

/// Two listings from two shops, cheapest first, in stock: a buyer passes over
/// the cards badged "Épuisé" (the desktop journey may have bought the last one).
async function twoListings(person) {
  await person.goto("/c/bijoux?sort=price_asc");
  const cards = await person.page.locator(".grid .card").evaluateAll((cards) =>
    cards.map((c) => ({
      url: c.querySelector(".card__link").getAttribute("href"),
      shop: c.querySelector(".card__shop").textContent,
      soldOut: c.querySelector(".card__badge")?.textContent.trim() === "Épuisé",
    })),
  );
  const inStock = cards.filter((c) => !c.soldOut);
  const one = inStock[0];
  const other = inStock.find((c) => c.shop !== one.shop);
  return [one.url, other.url];
}

async function addToCart(person, url, quantity) {
  await person.goto(url);
  if (!(await person.page.locator(".buy-form button[type=submit]").count())) {
    throw new Error(`${url} has no button to add it to the cart`);
  }
  if (quantity) await person.page.locator(".buy-form input[name=quantity]").fill(String(quantity));
  await Promise.all([person.page.waitForNavigation({ waitUntil: "networkidle" }), person.page.locator(".buy-form button[type=submit]").click()]);
}

async function buyer(browser, size) {
  const me = await Person.open(browser, size, "buyer");
  const email = `acheteuse-${size.name}-${Date.now()}@example.fr`;
  await signUp(me, email, "Inès");
  const [one, other] = await twoListings(me);
  await addToCart(me, one);
  await addToCart(me, other);
  await me.check("cart");
  expect(me, (await me.page.locator(".cart-shop").count()) === 2, "the cart does not show two shops");
  expect(me, (await me.page.locator(".cart-line__thumb img").count()) === 2, "the cart lines have no thumbnails");
  // Two of the first: its quantity changed in the cart.
  const line = me.page.locator(".cart-line").first();
  await line.locator("input[name=quantity]").fill("2");
  await Promise.all([me.page.waitForNavigation({ waitUntil: "networkidle" }), line.locator("button[value=update]").click()]);
  expect(me, (await me.page.locator(".cart-line input[name=quantity]").first().inputValue()) === "2", "the quantity did not change");
  await follow(me.page, "a[href='/checkout']");
  await me.check("address");
  await submit(
    me.page,
    { email, name: "Inès Martin", line1: "12 rue des Lilas", postcode: "44000", city: "Nantes", country: "FR" },
    "form[action='/checkout'] button[type=submit]",
  );
  await me.check("review");
  expect(me, (await me.page.locator(".cart-line__thumb img").count()) === 2, "the review has no thumbnails");
  await Promise.all([me.page.waitForNavigation({ waitUntil: "networkidle" }), me.page.locator("form[action='/checkout/confirm'] button").click()]);
  await me.check("confirmation");
  const pay = me.page.locator("a.button[href*='/pay']");
  if (await pay.count()) {
    await follow(me.page, "a.button[href*='/pay']");
    await me.check("pay");
    await Promise.all([me.page.waitForNavigation({ waitUntil: "networkidle" }), me.page.locator("form button[type=submit]").last().click()]);
    await me.check("paid");
  }
  await me.goto("/orders");
  await me.check("orders");
  expect(me, (await me.page.locator(".seller-table tbody tr").count()) === 2, "the order history does not list two orders");
  await follow(me.page, ".seller-table tbody a");
  await me.check("order");
  expect(me, (await me.page.locator(".cart-line__thumb img").count()) >= 1, "the order has no thumbnails");
  await me.close();
}

async function seller(browser, size) {
  const me = await Person.open(browser, size, "seller");
  await signUp(me, `createur-${size.name}-${Date.now()}@example.fr`, "Camille");
  await me.goto("/sell");
  await me.check("open a shop");
  await submit(me.page, { name: `Atelier ${size.name} ${Date.now() % 100000}`, location: "Lyon" }, "form.form button[type=submit]");
  await me.check("dashboard");
  await me.goto("/sell/listings/new");
  await me.check("new listing");
  await submit(
    me.page,
    { title: "Bague lune en argent", category: "bagues", price: "42,50", quantity: "3", tags: "lune, argent", materials: "argent", description: "Faite main à Lyon." },
    "form.form button[type=submit]",
  );
  if (PHOTO) {
    await me.page.locator("input[name=photos]").setInputFiles(PHOTO);
    await Promise.all([me.page.waitForNavigation({ waitUntil: "networkidle" }), me.page.locator("form[enctype] button[type=submit]").click()]);
    await Promise.all([me.page.waitForNavigation({ waitUntil: "networkidle" }), me.page.locator("form[action$='/publish'] button").click()]);
  }
  await me.check("listing edited");
  await me.goto("/sell");
  await me.check("dashboard with a listing");
  await me.goto("/sell/orders");
  await me.check("orders");
  await me.goto("/sell/stats");
  await me.check("statistics");
  await me.close();
}

async function operator(browser, size) {
  const me = await Person.open(browser, size, "operator");
  const email = `operatrice-${size.name}-${Date.now()}@example.fr`;
  await signUp(me, email, "Nuit");
  execFileSync(process.env.ECHOPPE, ["grant-admin", email, "--data", process.env.DATA, "--log", "warn"]);
  await me.goto("/admin");
  await me.check("admin");
  await me.goto("/admin/live");
  await me.check("live");
  // The figures are read again in place (the time they were read changes),
  // and the reader can pause that.
  const readAt = () => me.page.locator("#live .notice").textContent();
  const before = await readAt();
  await me.page.waitForTimeout(6500);
  expect(me, before !== (await readAt()), "the live figures were not refreshed");
  expect(me, await me.page.locator("#live-pause").isVisible(), "the live page has no pause button");
  await me.goto("/admin/mode");
  await me.check("mode");
  await submit(me.page, {}, "form[action='/admin/mode'] button[value=surge]");
  await me.goto("/");
  expect(me, await me.page.locator(".surge-banner").isVisible(), "no surge banner on the storefront");
  await me.check("storefront in surge");
  await me.goto("/admin/mode");
  await submit(me.page, {}, "form[action='/admin/mode'] button[value=auto]");
  await me.goto("/admin/payments");
  await me.check("payments");
  await me.goto("/admin/mail");
  await me.check("mail");
  await me.close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  // As root in CI, without the machine's closed network being tried.
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});
try {
  for (const size of SIZES) {
    for (const journey of [visitor, buyer, seller, operator]) {
      try {
        await journey(browser, size);
      } catch (error) {
        problem(`${journey.name} ${size.name}`, `the journey stopped: ${error.message.split("\n")[0]}`);
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`\n${shots.length} screenshots under ${SHOTS}/`);
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.log("every journey passed");
