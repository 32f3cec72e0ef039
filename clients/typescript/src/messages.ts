// Texts for a person, by ErrorInfo reason, in Korean and English. A reason
// not listed falls back to a text for its gRPC code.

import { Code } from "@connectrpc/connect";

export type Language = "ko" | "en";

const reasons: Record<string, Record<Language, string>> = {
  WINDOW_CLOSED: { ko: "지금은 신청 기간이 아닙니다.", en: "Applications are not open for you now." },
  ALREADY_APPLIED: { ko: "이미 신청한 강좌입니다.", en: "You have already applied to this course." },
  LIMIT_REACHED: { ko: "이번 학기 신청 한도에 도달했습니다.", en: "You have reached this term's limit of applications." },
  NOT_ELIGIBLE: { ko: "신청 자격이 되지 않습니다.", en: "You are not eligible for this course." },
  OFFERING_NOT_OPEN: { ko: "신청을 받지 않는 강좌입니다.", en: "This course is not taking applications." },
  REGISTRATION_BLOCKED: { ko: "불참 누적으로 신청이 제한되었습니다.", en: "Applications are blocked after missed sessions." },
  OFFER_EXPIRED: { ko: "자리 제안의 기한이 지났습니다.", en: "The seat offer has expired." },
  CANCELLATION_CLOSED: { ko: "취소 가능 기간이 지났습니다.", en: "It is too late to cancel." },
  TOO_MANY_LOGIN_ATTEMPTS: { ko: "로그인 실패가 많습니다. 잠시 후 다시 시도하세요.", en: "Too many failed logins. Try again later." },
  INVALID_CREDENTIALS: { ko: "이메일 또는 비밀번호가 올바르지 않습니다.", en: "Wrong email or password." },
  SESSION_INVALID: { ko: "다시 로그인해 주세요.", en: "Please log in again." },
  EMAIL_TAKEN: { ko: "이미 사용 중인 이메일입니다.", en: "This email is already registered." },
  HASHING_BUSY: { ko: "잠시 후 다시 시도하세요.", en: "Busy; try again in a moment." },
  CITIZEN_UNKNOWN: { ko: "가입 처리 중입니다. 잠시 후 다시 시도하세요.", en: "Your registration is still being processed; try again shortly." },
  INVALID_ARGUMENT: { ko: "입력한 내용을 확인하세요.", en: "Please check what you entered." },
};

const codes: Partial<Record<Code, Record<Language, string>>> = {
  [Code.InvalidArgument]: reasons.INVALID_ARGUMENT,
  [Code.Unauthenticated]: reasons.SESSION_INVALID,
  [Code.PermissionDenied]: { ko: "권한이 없습니다.", en: "You may not do this." },
  [Code.NotFound]: { ko: "찾을 수 없습니다.", en: "Not found." },
  [Code.Unavailable]: { ko: "일시적으로 사용할 수 없습니다. 잠시 후 다시 시도하세요.", en: "Temporarily unavailable; try again shortly." },
  [Code.ResourceExhausted]: { ko: "요청이 많습니다. 잠시 후 다시 시도하세요.", en: "Too many requests; try again later." },
  [Code.DeadlineExceeded]: { ko: "응답이 늦습니다. 다시 시도하세요.", en: "That took too long; try again." },
};

export function reasonText(
  reason: string,
  code: Code,
  language: Language,
  retryAfterMs?: number,
  fields: { field: string; description: string }[] = [],
): string {
  let text = (reasons[reason] ?? codes[code] ?? { ko: "요청을 처리하지 못했습니다.", en: "The request failed." })[language];
  if (fields.length > 0) text += " (" + fields.map((f) => f.field).join(", ") + ")";
  if (retryAfterMs !== undefined && retryAfterMs >= 1000) {
    const s = Math.ceil(retryAfterMs / 1000);
    text += language === "ko" ? ` ${s}초 후 다시 시도할 수 있습니다.` : ` You can retry in ${s} s.`;
  }
  return text;
}
