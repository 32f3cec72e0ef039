// The whole path from a browser: the sample page (clients/typescript/sample)
// served from an allowed origin, driven in Debian's headless Chromium, calls
// the gateway, which calls the services; enrolment answers from read models
// that Kafka fed. Asserts on what the page shows; screenshots (PNG) go to
// $LIFELONG_STATE/browser/. Also, outside the browser: one refusal of each
// kind keeps its google.rpc details in Connect, gRPC-Web and gRPC, and a page
// from another origin is refused.
//
// Run by tests/browser/run (deploy/local/test), which sets
// LIFELONG_GATEWAY_ADDR, LIFELONG_GATEWAY_METRICS_ADDR, LIFELONG_PAGE_ORIGIN,
// LIFELONG_OTHER_ORIGIN and LIFELONG_STATE.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import http2 from "node:http2";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import {
  Code,
  ConnectError,
  StatusSchema,
  catalogueV1,
  create,
  createLifelongClients,
  createSession,
  describeError,
  enrolmentV1,
  fromBinary,
  identityV1,
  rosterPage,
  ROSTER_CONFIRMED,
  staffDisplayNames,
  timestampFromDate,
  toBinary,
  typesV1,
} from "../../clients/typescript/dist/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const pageDir = path.join(here, "../../clients/typescript/sample/dist");
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run tests/browser/run)`);
  return v;
};
const gatewayAddr = env("LIFELONG_GATEWAY_ADDR");
const gateway = `http://${gatewayAddr}`;
const pageOrigin = env("LIFELONG_PAGE_ORIGIN");
const otherOrigin = env("LIFELONG_OTHER_ORIGIN");
const shots = path.join(env("LIFELONG_STATE"), "browser");
const run = `R${Date.now().toString(36)}`;
const password = "Browser-test-2026";
const day = 86400 * 1000;

let browser, page, servers = [];
const fixture = {};

async function retrying(what, call, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      const r = describeError(e, "en");
      const transient = ["OFFERING_NOT_OPEN", "CITIZEN_UNKNOWN"].includes(r.reason) ||
        [Code.NotFound, Code.Unavailable].includes(r.codeNumber);
      if (!transient || Date.now() > until) throw new Error(`${what}: ${r.code} ${r.reason} ${r.message}`);
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
}

function serve(origin) {
  const port = Number(new URL(origin).port);
  const server = http.createServer((req, res) => {
    const file = path.join(pageDir, new URL(req.url, origin).pathname === "/" ? "index.html" : path.basename(new URL(req.url, origin).pathname));
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end(); return; }
      res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8" }).end(data);
    });
  });
  servers.push(server);
  return new Promise((ok) => server.listen(port, "127.0.0.1", ok));
}

async function register(api, key) {
  const email = `browser-${key}-${run.toLowerCase()}@example.kr`;
  await api.identity.registerCitizen({
    requestId: `browser-${key}-${run}`, displayName: `Browser ${key}`, email, password,
    birthYear: 1960, district: "Misa", language: typesV1.Language.KO,
  });
  return email;
}

// As admin, through the gateway: a programme and two first-come offerings of
// one seat, one open now, one whose window opens in a week.
async function makeFixture() {
  const session = createSession();
  const api = createLifelongClients({ baseUrl: gateway, session });
  const admin = await api.identity.login({ login: "admin@hanam.example", password: "Hanam-Lifelong-2026!" });
  session.token = admin.sessionToken;
  const now = Date.now();
  // A centre and a venue of the test's own (the demo's may not be loaded).
  const exists = (e) => { if (describeError(e).codeNumber !== Code.AlreadyExists) throw e; };
  await api.catalogue.createCentre({
    requestId: "browser-centre", centreId: "browser-test",
    centre: { displayName: { ko: "브라우저 시험 센터", en: "Browser test centre" }, district: "Misa" },
  }).catch(exists);
  await api.catalogue.createVenue({
    requestId: "browser-venue", venueId: "browser-test-hall",
    venue: {
      displayName: { ko: "브라우저 시험 강당", en: "Browser test hall" }, kind: catalogueV1.VenueKind.BASE_CENTRE,
      address: "Misa-daero 1, Hanam", district: "Misa", centre: "centres/browser-test",
      rooms: [{ roomId: "hall", displayName: "Hall", capacity: 40 }],
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ dayOfWeek: d, startMinute: 0, endMinute: 24 * 60 })),
    },
  }).catch(exists);
  // The open offering's instructor: a staff account whose name a course page shows.
  fixture.instructorName = `Browser instructor ${run}`;
  fixture.instructor = (await api.identity.createStaffAccount({
    requestId: `browser-instructor-${run}`, displayName: fixture.instructorName,
    email: `browser-instructor-${run.toLowerCase()}@hanam.example`, password,
  })).staff.name;
  const offering = async (key, ko, en, opens) => {
    const programme = (await api.catalogue.createProgramme({
      requestId: `browser-programme-${key}-${run}`,
      programme: {
        centre: "centres/browser-test", title: { ko, en },
        description: { ko: "[시험 데이터] 브라우저 시험", en: "[Test data] browser test" },
        category: "categories/health-older", audiences: [catalogueV1.Audience.OLDER_ADULTS],
        instructionLanguage: "ko", level: catalogueV1.Level.BEGINNER,
      },
    })).programme;
    await api.catalogue.publishProgramme({ requestId: `browser-publish-programme-${key}-${run}`, name: programme.name });
    const start = now + 14 * day;
    const created = (await api.catalogue.createOffering({
      requestId: `browser-offering-${key}-${run}`,
      offering: {
        programme: programme.name, term: "2027-spring", delivery: catalogueV1.Delivery.OFFLINE,
        venue: "venues/browser-test-hall", room: "hall", capacity: 1,
        instructor: key === "open" ? fixture.instructor : "",
        selection: catalogueV1.SelectionMethod.FIRST_COME,
        windows: [{ audience: catalogueV1.WindowAudience.EVERYONE, openTime: timestampFromDate(new Date(opens)), closeTime: timestampFromDate(new Date(now + 10 * day)) }],
        sessions: [{ sessionId: "s1", startTime: timestampFromDate(new Date(start)), endTime: timestampFromDate(new Date(start + 2 * 3600 * 1000)) }],
      },
    })).offering;
    await api.catalogue.publishOffering({ requestId: `browser-publish-offering-${key}-${run}`, name: created.name });
    return created.name;
  };
  fixture.open = await offering("open", `붓글씨 입문 ${run}`, `Brushwork for beginners ${run}`, now - day);
  fixture.later = await offering("later", `붓글씨 심화 ${run}`, `Brushwork advanced ${run}`, now + 7 * day);

  // Someone else takes the one seat, so the page's citizen is waitlisted.
  const other = createSession();
  const otherApi = createLifelongClients({ baseUrl: gateway, session: other });
  const otherEmail = await register(otherApi, "seat");
  other.token = (await retrying("login", () => otherApi.identity.login({ login: otherEmail, password }))).sessionToken;
  fixture.seatEmail = otherEmail;
  const seat = await retrying("apply for the seat", () =>
    otherApi.enrolment.apply({ requestId: `browser-seat-${run}`, offering: fixture.open }));
  assert.equal(seat.application.status, enrolmentV1.ApplicationStatus.CONFIRMED);

  fixture.email = await register(api, "page");
  // The page's citizen must be known to enrolment (CitizenRegistered) before applying.
  const probe = createSession();
  const probeApi = createLifelongClients({ baseUrl: gateway, session: probe });
  probe.token = (await probeApi.identity.login({ login: fixture.email, password })).sessionToken;
  await retrying("citizen known to enrolment", async () => {
    try {
      await probeApi.enrolment.apply({ requestId: `browser-probe-${run}`, offering: fixture.later });
    } catch (e) {
      if (describeError(e).reason === "WINDOW_CLOSED") return; // known, and refused for the window
      throw e;
    }
  });
}

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  await Promise.all([serve(pageOrigin), serve(otherOrigin)]);
  await makeFixture();
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--lang=ko-KR"],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

const text = (selector) => page.$eval(selector, (el) => el.textContent);
async function shot(name) {
  await page.screenshot({ path: path.join(shots, name), fullPage: true });
}
async function searchFor(q) {
  await page.$eval("#q", (el) => { el.value = ""; });
  await page.type("#q", q);
  await page.click("#search-button");
}

test("search in Korean and in English shows the offering's titles", async () => {
  await page.goto(`${pageOrigin}/index.html?gateway=${encodeURIComponent(gateway)}&lang=ko`);
  await page.waitForSelector("body[data-ready='1']");
  // The run's tag keeps earlier runs' offerings (a reused stack) off the page.
  await searchFor(`붓글씨 ${run}`);
  await page.waitForSelector(`li.result[data-name='${fixture.open}']`, { timeout: 10000 });
  assert.match(await text(`li.result[data-name='${fixture.open}'] .ko`), new RegExp(`붓글씨 입문 ${run}`));
  await shot("01-search-korean.png");
  await searchFor(`brushwork ${run}`);
  await page.waitForFunction((name) => {
    const li = document.querySelector(`li.result[data-name='${name}']`);
    return li && document.querySelectorAll("li.result").length === 2;
  }, { timeout: 10000 }, fixture.later);
  assert.match(await text(`li.result[data-name='${fixture.open}'] .en`), new RegExp(`Brushwork for beginners ${run}`));
  assert.match(await text(`li.result[data-name='${fixture.later}'] .en`), new RegExp(`Brushwork advanced ${run}`));
  await shot("02-search-english.png");
});

test("log in, apply, and see the application waitlisted with its rank", async () => {
  await page.type("#email", fixture.email);
  await page.type("#password", password);
  await page.click("#login-button");
  await page.waitForFunction((email) => document.querySelector("#who").textContent.includes(email), { timeout: 10000 }, fixture.email);
  await shot("03-logged-in.png");
  await page.click(`li.result[data-name='${fixture.open}'] button.apply`);
  await page.waitForFunction(() => document.querySelector("#notice").textContent.includes("Waitlisted"), { timeout: 10000 });
  assert.match(await text("#notice"), /대기 · Waitlisted #1/);
  const row = `tr.application[data-offering='${fixture.open}']`;
  await page.waitForSelector(row, { timeout: 10000 });
  assert.match(await text(`${row} .title`), new RegExp(`붓글씨 입문 ${run} / Brushwork for beginners ${run}`));
  assert.equal(await text(`${row} .status`), "대기 · Waitlisted");
  assert.equal(await text(`${row} .rank`), "1");
  await shot("04-applied-waitlisted.png");
});

test("a refusal shows its reason and the server's Korean message", async () => {
  await page.click(`li.result[data-name='${fixture.later}'] button.apply`);
  await page.waitForFunction(() => document.querySelector("#refusal").dataset.reason, { timeout: 10000 });
  assert.equal(await page.$eval("#refusal", (el) => el.dataset.reason), "WINDOW_CLOSED");
  // The server's LocalizedMessage (services/enrolment/enrolment_messages.cc),
  // not the client package's fallback text ("지금은 신청 기간이 아닙니다.").
  assert.match(await text("#refusal"), /지금은 이 강좌의 신청 기간이 아닙니다\. \[failed_precondition · WINDOW_CLOSED\]/);
  await shot("05-refusal-window-closed.png");
});

test("the page works over gRPC-Web too", async () => {
  await page.goto(`${pageOrigin}/index.html?gateway=${encodeURIComponent(gateway)}&protocol=grpc-web`);
  await page.waitForSelector("body[data-ready='1']");
  await searchFor(`붓글씨 ${run}`);
  await page.waitForSelector(`li.result[data-name='${fixture.later}']`, { timeout: 10000 });
});

async function corsRefusals() {
  const metrics = await (await fetch(`http://${env("LIFELONG_GATEWAY_METRICS_ADDR")}/metrics`)).text();
  return Number(/lifelong_gateway_cors_refused_total (\d+)/.exec(metrics)[1]);
}

test("a page from another origin is refused", async () => {
  const before = await corsRefusals();
  await page.goto(`${otherOrigin}/index.html?gateway=${encodeURIComponent(gateway)}`);
  await page.waitForSelector("body[data-ready='1']");
  await searchFor("붓글씨");
  await page.waitForFunction(() => document.querySelector("#refusal").textContent !== "", { timeout: 10000 });
  assert.equal(await page.$$eval("li.result", (els) => els.length), 0);
  await shot("06-other-origin-refused.png");
  assert.ok((await corsRefusals()) > before, "the gateway counted the refused origin");
});

// --- Error details in every protocol, outside the browser -------------------

function grpcCall(method, schema, message, headers = {}) {
  return new Promise((resolve, reject) => {
    const client = http2.connect(gateway);
    client.on("error", reject);
    const body = toBinary(schema, create(schema, message));
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1);
    Buffer.from(body).copy(frame, 5);
    const req = client.request({ ":method": "POST", ":path": method, "content-type": "application/grpc", te: "trailers", ...headers });
    const seen = {};
    req.on("response", (h) => Object.assign(seen, h));
    req.on("trailers", (t) => Object.assign(seen, t));
    req.on("data", () => {});
    req.on("end", () => {
      client.close();
      const details = seen["grpc-status-details-bin"];
      const status = details ? fromBinary(StatusSchema, Buffer.from(details, "base64")) : undefined;
      resolve({ code: Number(seen["grpc-status"]), status });
    });
    req.end(frame);
  });
}

function typesOf(status) {
  return status.details.map((d) => d.typeUrl.replace("type.googleapis.com/", ""));
}

const refusals = {
  invalid: {
    code: Code.InvalidArgument, detail: "google.rpc.BadRequest",
    method: "/lifelong.identity.v1.IdentityService/RegisterCitizen", schema: identityV1.RegisterCitizenRequestSchema,
    request: () => ({ requestId: `bad-${run}`, email: "not-an-email" }),
    call: (api) => api.identity.registerCitizen({ requestId: `bad-${run}`, email: "not-an-email" }),
    check: (r) => {
      assert.ok(r.fieldViolations.some((v) => v.field === "email"));
      // Bad input names its first problem in ErrorInfo, not INVALID_ARGUMENT.
      assert.notEqual(r.reason, "INVALID_ARGUMENT");
      assert.ok(r.metadata.field && Number(r.metadata.violations) >= 1);
    },
  },
  precondition: {
    code: Code.FailedPrecondition, detail: "google.rpc.ErrorInfo",
    method: "/lifelong.enrolment.v1.EnrolmentService/Apply", schema: enrolmentV1.ApplyRequestSchema,
    request: () => ({ requestId: crypto.randomUUID(), offering: fixture.later }),
    call: (api) => api.enrolment.apply({ requestId: crypto.randomUUID(), offering: fixture.later }),
    check: (r) => assert.equal(r.reason, "WINDOW_CLOSED"),
  },
  exhausted: {
    code: Code.ResourceExhausted, detail: "google.rpc.RetryInfo",
    method: "/lifelong.identity.v1.IdentityService/Login", schema: identityV1.LoginRequestSchema,
    request: () => ({ login: `throttled-${run}@example.kr`, password: "wrong-password-0" }),
    call: (api) => api.identity.login({ login: `throttled-${run}@example.kr`, password: "wrong-password-0" }),
    check: (r) => { assert.equal(r.reason, "TOO_MANY_LOGIN_ATTEMPTS"); assert.ok(r.retryAfterMs >= 1000); },
  },
};

test("error details are kept in Connect, gRPC-Web and gRPC", async () => {
  const session = createSession();
  const citizen = createLifelongClients({ baseUrl: gateway, session });
  session.token = (await citizen.identity.login({ login: fixture.email, password })).sessionToken;
  // Five wrong passwords for one account: the sixth try is throttled.
  for (let i = 0; i < 5; i++) {
    await assert.rejects(citizen.identity.login({ login: `throttled-${run}@example.kr`, password: `wrong-password-${i}` }));
  }
  for (const [name, r] of Object.entries(refusals)) {
    for (const protocol of ["connect", "connect-binary", "grpc-web"]) {
      const api = createLifelongClients({ baseUrl: gateway, session, protocol });
      const err = await r.call(api).then(() => undefined, (e) => e);
      assert.ok(err instanceof ConnectError, `${name} over ${protocol}: no error`);
      const described = describeError(err, "ko");
      assert.equal(described.codeNumber, r.code, `${name} over ${protocol}: ${described.code} ${described.message}`);
      r.check(described);
    }
    const grpc = await grpcCall(r.method, r.schema, r.request(), { authorization: `Bearer ${session.token}` });
    assert.equal(grpc.code, r.code, `${name} over gRPC`);
    assert.ok(typesOf(grpc.status).includes("google.rpc.ErrorInfo") && typesOf(grpc.status).includes(r.detail),
      `${name} over gRPC: ${typesOf(grpc.status)}`);
  }
});

// --- Staff and course screens, outside the browser --------------------------

test("screens: a roster page with contacts in two calls, a course page's names, the search form's lists, GetDraw by name", async () => {
  const calls = [];
  const counting = (url, init) => { calls.push(new URL(String(url)).pathname); return fetch(url, init); };
  const session = createSession();
  const api = createLifelongClients({ baseUrl: gateway, session, fetch: counting });
  session.token = (await api.identity.login({ login: "admin@hanam.example", password: "Hanam-Lifelong-2026!" })).sessionToken;

  // The roster with each person's name and email: two calls for the page.
  calls.length = 0;
  const roster = await rosterPage(api, { parent: fixture.open, filter: ROSTER_CONFIRMED, pageSize: 20 });
  assert.deepEqual(calls, ["/lifelong.enrolment.v1.EnrolmentService/ListOfferingApplications",
    "/lifelong.identity.v1.IdentityService/BatchGetCitizenContacts"]);
  assert.equal(roster.rows.length, 1);
  assert.equal(roster.rows[0].contact?.displayName, "Browser seat");
  assert.equal(roster.rows[0].contact?.email, fixture.seatEmail);

  // A course page: where it meets and who teaches, in two calls, anonymous.
  const anon = createLifelongClients({ baseUrl: gateway, fetch: counting });
  calls.length = 0;
  const { offering } = await anon.catalogue.getOffering({ name: fixture.open });
  const names = await staffDisplayNames(anon.identity, [offering.instructor]);
  assert.equal(calls.length, 2);
  assert.equal(offering.centreDisplayName?.ko, "브라우저 시험 센터");
  assert.equal(offering.venueDisplayName?.en, "Browser test hall");
  assert.equal(names.get(fixture.instructor), fixture.instructorName);

  // The search form's lists, with names, from the API (REST too).
  const options = await anon.catalogue.getSearchOptions({});
  assert.ok(options.venueKinds.some((k) => k.value === "VENUE_KIND_SUBWAY_STATION" && k.displayName?.ko && k.displayName?.en));
  const rest = await (await fetch(`${gateway}/v1/search-options`)).json();
  assert.equal(rest.audiences.length, options.audiences.length);
  const staff = await (await fetch(`${gateway}/v1/staff:batchGet?names=${fixture.instructor}`)).json();
  assert.equal(staff.profiles[0].displayName, fixture.instructorName);

  // GetDraw by resource name: a first-come offering has none, said in Korean and English.
  for (const [language, text] of [["ko", /추첨/], ["en", /lottery/]]) {
    const localized = createLifelongClients({ baseUrl: gateway, session, language });
    const err = await localized.enrolment.getDraw({ name: `${fixture.open}/draw` }).then(() => undefined, (e) => e);
    const r = describeError(err, language);
    assert.equal(r.reason, "DRAW_NOT_FOUND");
    assert.match(r.localizedMessage, text);
  }

  // The gateway's own refusal is localized too.
  const unknown = await (await fetch(`${gateway}/v1/no-such-path`, { headers: { "accept-language": "en" } })).json();
  assert.ok(unknown.details.some((d) => d["@type"].endsWith("ErrorInfo") && d.reason === "UNKNOWN_PATH"));
  assert.ok(unknown.details.some((d) => d["@type"].endsWith("LocalizedMessage") && d.locale === "en" && d.message));
});
