// The sample page: search in Korean or English, log in, apply, see my
// applications with their status and waitlist rank, and refusals with their
// reason and a localized message. Query parameters: gateway (its base URL),
// protocol (connect | connect-binary | grpc-web), lang (ko | en).

import {
  createLifelongClients,
  createSession,
  describeError,
  enrolmentV1,
  type Language,
  type Protocol,
} from "../src/index.js";

const params = new URLSearchParams(location.search);
const gateway = params.get("gateway") ?? `${location.protocol}//${location.hostname}:8080`;
const protocol = (params.get("protocol") ?? "connect") as Protocol;
const lang = (params.get("lang") ?? "ko") as Language;
const session = createSession();
// Refusals come back with the server's message in the page's language.
const api = createLifelongClients({ baseUrl: gateway, session, protocol, language: lang });

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const titles = new Map<string, { ko: string; en: string }>();

function say(text: string) {
  $("notice").textContent = text;
  $("refusal").textContent = "";
}

function refuse(error: unknown) {
  const r = describeError(error, lang);
  $("notice").textContent = "";
  const el = $("refusal");
  el.textContent = `${r.localizedMessage} [${r.code}${r.reason ? " · " + r.reason : ""}]`;
  el.dataset.reason = r.reason;
  el.dataset.code = r.code;
}

const statusText: Record<number, string> = {
  [enrolmentV1.ApplicationStatus.CONFIRMED]: "확정 · Confirmed",
  [enrolmentV1.ApplicationStatus.WAITLISTED]: "대기 · Waitlisted",
  [enrolmentV1.ApplicationStatus.CANCELLED]: "취소 · Cancelled",
  [enrolmentV1.ApplicationStatus.APPLIED]: "추첨 대기 · Applied (lottery)",
  [enrolmentV1.ApplicationStatus.OFFERED]: "자리 제안 · Seat offered",
  [enrolmentV1.ApplicationStatus.OFFER_EXPIRED]: "제안 만료 · Offer expired",
  [enrolmentV1.ApplicationStatus.COMPLETED]: "수료 · Completed",
};

async function search(event?: Event) {
  event?.preventDefault();
  const text = ($("q") as HTMLInputElement).value.trim();
  const list = $("results");
  list.replaceChildren();
  $("search-summary").textContent = "…";
  try {
    const res = await api.catalogue.searchOfferings({ text, pageSize: 10 });
    $("search-summary").textContent = `${res.totalSize}개 결과 · ${res.totalSize} results`;
    for (const o of res.offerings) {
      titles.set(o.name, { ko: o.title?.ko ?? "", en: o.title?.en ?? "" });
      const li = document.createElement("li");
      li.className = "result";
      li.dataset.name = o.name;
      const ko = document.createElement("span");
      ko.className = "ko";
      ko.textContent = o.title?.ko ?? "";
      const en = document.createElement("span");
      en.className = "en";
      en.textContent = ` / ${o.title?.en ?? ""} `;
      const apply = document.createElement("button");
      apply.className = "apply";
      apply.type = "button";
      apply.textContent = "신청 · Apply";
      apply.addEventListener("click", () => applyTo(o.name));
      li.append(ko, en, apply);
      list.append(li);
    }
  } catch (e) {
    $("search-summary").textContent = "";
    refuse(e);
  }
}

async function login(event: Event) {
  event.preventDefault();
  const email = ($("email") as HTMLInputElement).value;
  try {
    const res = await api.identity.login({ login: email, password: ($("password") as HTMLInputElement).value });
    session.token = res.sessionToken;
    $("who").textContent = `로그인됨 · Signed in: ${email}`;
    say("");
    await refreshMine();
  } catch (e) {
    refuse(e);
  }
}

async function applyTo(offering: string) {
  try {
    const res = await api.enrolment.apply({ requestId: crypto.randomUUID(), offering });
    const a = res.application!;
    const rank = a.status === enrolmentV1.ApplicationStatus.WAITLISTED ? ` #${a.waitlistPosition}` : "";
    say(`신청 결과 · Result: ${statusText[a.status] ?? a.status}${rank}`);
    await refreshMine();
  } catch (e) {
    refuse(e);
  }
}

async function refreshMine() {
  const body = ($("mine") as HTMLTableElement).tBodies[0];
  try {
    const res = await api.enrolment.listMyApplications({ pageSize: 50 });
    const rows = [];
    for (const a of res.applications) {
      if (!titles.has(a.offering)) {
        const o = await api.catalogue.getOffering({ name: a.offering });
        titles.set(a.offering, { ko: o.offering?.title?.ko ?? "", en: o.offering?.title?.en ?? "" });
      }
      const t = titles.get(a.offering)!;
      const tr = document.createElement("tr");
      tr.className = "application";
      tr.dataset.offering = a.offering;
      for (const [cls, text] of [
        ["title", `${t.ko} / ${t.en}`],
        ["status", statusText[a.status] ?? String(a.status)],
        ["rank", a.status === enrolmentV1.ApplicationStatus.WAITLISTED ? String(a.waitlistPosition) : "–"],
      ]) {
        const td = document.createElement("td");
        td.className = cls;
        td.textContent = text;
        tr.append(td);
      }
      rows.push(tr);
    }
    body.replaceChildren(...rows);
  } catch (e) {
    refuse(e);
  }
}

$("origin").textContent = `${location.origin} → ${gateway} (${protocol})`;
$("search-form").addEventListener("submit", search);
$("login-form").addEventListener("submit", login);
$("refresh-mine").addEventListener("click", () => refreshMine());
document.body.dataset.ready = "1";
