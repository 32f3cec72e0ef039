// What a refusal says, from its google.rpc details: the stable ErrorInfo
// reason (and its metadata), the fields at fault (BadRequest), when to retry
// (RetryInfo), and a message for a person in their language (the server's
// LocalizedMessage if it sent one in that language, else this package's text
// for the reason). The server writes every refusal's message in Korean or
// English, whichever the call's `accept-language` prefers (Korean when it
// names neither): createLifelongClients({ language }) sends it, so the
// server's text is the one shown. For bad input the reason is the first
// field's ("TOO_LONG"), with metadata `field` and `violations`.
//
//   try { await api.enrolment.apply({ requestId, offering }); }
//   catch (e) {
//     const r = describeError(e, "ko");
//     if (r.reason === "WINDOW_CLOSED") ...; show(r.localizedMessage);
//     if (r.retryAfterMs !== undefined) setTimeout(retry, r.retryAfterMs);
//     for (const v of r.fieldViolations) markField(v.field, v.description);
//   }

import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  LocalizedMessageSchema,
  RetryInfoSchema,
} from "./gen/google/rpc/error_details_pb.js";
import { reasonText, type Language } from "./messages.js";

/** Adds `accept-language: <language>` to each call: the server answers
 * refusals' LocalizedMessage in it (docs/common/refusals.md). */
export function acceptLanguage(language: Language): Interceptor {
  return (next) => async (req) => {
    req.header.set("accept-language", language);
    return next(req);
  };
}

export interface FieldViolation {
  field: string;
  reason: string;
  description: string;
}

export interface Refusal {
  /** gRPC code name in lower snake case, as Connect spells it: "failed_precondition". */
  code: string;
  codeNumber: Code;
  /** ErrorInfo.reason: stable, UPPER_SNAKE ("WINDOW_CLOSED"); "" if none. */
  reason: string;
  domain: string;
  metadata: Record<string, string>;
  fieldViolations: FieldViolation[];
  /** RetryInfo.retry_delay in milliseconds, when the same call may succeed later. */
  retryAfterMs?: number;
  /** The server's text (English, for logs and developers). */
  message: string;
  /** For a person: LocalizedMessage from the server, else this package's text for the reason. */
  localizedMessage: string;
}

export function describeError(error: unknown, language: Language = "ko"): Refusal {
  const e = ConnectError.from(error);
  const info = e.findDetails(ErrorInfoSchema)[0];
  const bad = e.findDetails(BadRequestSchema)[0];
  const retry = e.findDetails(RetryInfoSchema)[0];
  const localized = e
    .findDetails(LocalizedMessageSchema)
    .find((m) => m.locale.toLowerCase().startsWith(language));
  const reason = info?.reason ?? "";
  const fieldViolations = (bad?.fieldViolations ?? []).map((v) => ({
    field: v.field,
    reason: v.reason,
    description: v.description,
  }));
  let retryAfterMs: number | undefined;
  if (retry?.retryDelay) {
    retryAfterMs = Number(retry.retryDelay.seconds) * 1000 + Math.round(retry.retryDelay.nanos / 1e6);
  }
  return {
    code: Code[e.code]
      .replace(/([a-z])([A-Z])/g, "$1_$2")
      .toLowerCase(),
    codeNumber: e.code,
    reason,
    domain: info?.domain ?? "",
    metadata: { ...(info?.metadata ?? {}) },
    fieldViolations,
    retryAfterMs,
    message: e.rawMessage,
    localizedMessage:
      localized?.message ?? reasonText(reason, e.code, language, retryAfterMs, fieldViolations),
  };
}
