package main

// The gateway's own refusals, answered as the services answer theirs
// (docs/common/refusals.md): a google.rpc.Status whose ErrorInfo has domain
// "gateway.lifelong" and a stable reason, and a LocalizedMessage in Korean or
// English, whichever the call's Accept-Language prefers (Korean when it names
// neither), in the client's protocol. The gateway refuses on its own when a
// service cannot be reached (UPSTREAM_UNAVAILABLE), a page comes from an
// origin not allowed (ORIGIN_NOT_ALLOWED), a request cannot be read
// (MALFORMED_REQUEST, INVALID_FORMAT for a query parameter), is too large
// (MESSAGE_TOO_LARGE), names no method or path it serves (UNKNOWN_METHOD,
// UNKNOWN_PATH) or uses an HTTP method or content type the call does not take
// (METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE).
//
//	writeRefusal(w, callerOf(r), http.StatusForbidden, refusal{code: codes.PermissionDenied,
//		reason: "ORIGIN_NOT_ALLOWED", message: "origin not allowed"})
//
// Some refusals are written by the transcoder (vanguard) or Go's HTTP server,
// without details; completeRefusals (refusal_writer.go) adds them on the way
// out. A service's own refusal (an ErrorInfo of another domain) passes as it
// is.
//
// The texts are the services' words (common/refusal_texts.cc) wherever a
// reason or a code has one there; refusals_test.go fails when they drift.

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
)

const gatewayDomain = "gateway.lifelong"

// language of a refusal's text, from Accept-Language as the services read it
// (common/accept_language.cc): the more preferred of Korean and English by
// q-value, the first listed on a tie, q=0 refuses, "*" is Korean, region
// subtags do not matter; Korean when the header is absent, malformed or
// names neither.
type language int

const (
	korean language = iota
	english
)

func (l language) locale() string {
	if l == english {
		return "en"
	}
	return "ko"
}

func languageOf(acceptLanguage string) language {
	best, bestQ, found := korean, 0.0, false
	for _, entry := range strings.Split(acceptLanguage, ",") {
		tag, params, hasParams := strings.Cut(entry, ";")
		tag = strings.ToLower(strings.Trim(tag, " \t"))
		q := 1.0
		if hasParams {
			w, ok := weight(params)
			if !ok {
				continue // a malformed entry counts for nothing
			}
			q = w
		}
		primary, _, _ := strings.Cut(tag, "-")
		var l language
		switch primary {
		case "ko", "*":
			l = korean
		case "en":
			l = english
		default:
			continue
		}
		if q <= 0 {
			continue
		}
		if !found || q > bestQ {
			best, bestQ, found = l, q, true
		}
	}
	return best
}

// weight reads "q=0.8": 0 to 1, at most five characters of digits and '.'.
func weight(param string) (float64, bool) {
	param = strings.Trim(param, " \t")
	if len(param) < 3 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=' {
		return 0, false
	}
	v := strings.Trim(param[2:], " \t")
	if v == "" || len(v) > 5 || strings.Trim(v, "0123456789.") != "" {
		return 0, false
	}
	// As strtod, which the services use: the longest number at the start
	// ("1.0.0" is 1), nothing read is 0.
	num := v
	if i := strings.IndexByte(v, '.'); i >= 0 {
		if j := strings.IndexByte(v[i+1:], '.'); j >= 0 {
			num = v[:i+1+j]
		}
	}
	q, err := strconv.ParseFloat(num, 64)
	if err != nil {
		q = 0
	}
	if q < 0 || q > 1 {
		return 0, false
	}
	return q, true
}

// text is a refusal's message for a person.
type text struct{ ko, en string }

func (t text) in(l language) string {
	if l == english {
		return t.en
	}
	return t.ko
}

// reasonTexts: the gateway's reasons. Those the services also answer carry
// common/refusal_texts.cc's words; the test checks.
var reasonTexts = map[string]text{
	"UPSTREAM_UNAVAILABLE": {"일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주십시오.",
		"Temporarily unavailable; please try again shortly."},
	"MALFORMED_REQUEST": {"요청을 읽을 수 없습니다.", "The request could not be read."},
	"INVALID_FORMAT": {"입력한 형식이 올바르지 않습니다.",
		"Something you entered is not in the right format."},
	"DEADLINE_EXCEEDED": {"처리 시간이 초과되었습니다. 다시 시도해 주십시오.",
		"That took too long; please try again."},
	"INTERNAL": {"요청을 처리하지 못했습니다. 문제가 계속되면 센터에 문의해 주십시오.",
		"Something went wrong on our side; if it continues, please contact the centre."},
	// The gateway's alone.
	"ORIGIN_NOT_ALLOWED": {"이 웹사이트에서는 이 서비스를 이용할 수 없습니다.",
		"Pages from this website may not use this service."},
	"MESSAGE_TOO_LARGE": {"요청이 너무 큽니다.", "The request is too large."},
}

// gatewayOnlyReasons are not answered by any service (refusals_test.go
// checks the others against common/refusal_texts.cc); those without a text
// of their own above get their code's.
var gatewayOnlyReasons = []string{"ORIGIN_NOT_ALLOWED", "MESSAGE_TOO_LARGE", "UNKNOWN_METHOD",
	"UNKNOWN_PATH", "METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE"}

// codeTexts: a code's text for a reason without one (GenericRefusalText in
// common/refusal_texts.cc).
var codeTexts = map[codes.Code]text{
	codes.Canceled:           {"요청이 취소되었습니다.", "The request was cancelled."},
	codes.InvalidArgument:    {"입력한 내용을 확인해 주십시오.", "Please check what you entered."},
	codes.OutOfRange:         {"입력한 내용을 확인해 주십시오.", "Please check what you entered."},
	codes.DeadlineExceeded:   {"처리 시간이 초과되었습니다. 다시 시도해 주십시오.", "That took too long; please try again."},
	codes.NotFound:           {"찾을 수 없습니다.", "That could not be found."},
	codes.AlreadyExists:      {"이미 있습니다.", "That already exists."},
	codes.PermissionDenied:   {"이 기능을 사용할 권한이 없습니다.", "You do not have permission to do this."},
	codes.ResourceExhausted:  {"요청이 너무 많습니다. 잠시 후 다시 시도해 주십시오.", "Too many requests; please try again later."},
	codes.FailedPrecondition: {"지금은 할 수 없는 요청입니다.", "This cannot be done now."},
	codes.Aborted:            {"요청이 몰리고 있습니다. 잠시 후 다시 시도해 주십시오.", "Many people are doing this at once; please try again."},
	codes.Unimplemented:      {"지원하지 않는 요청입니다.", "This request is not supported."},
	codes.Unavailable:        {"일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주십시오.", "Temporarily unavailable; please try again shortly."},
	codes.Unauthenticated:    {"로그인이 필요합니다.", "Please log in."},
}

var failedText = text{"요청을 처리하지 못했습니다. 문제가 계속되면 센터에 문의해 주십시오.",
	"Something went wrong on our side; if it continues, please contact the centre."}

// textFor: the reason's text, else its code's.
func textFor(reason string, code codes.Code) text {
	if t, ok := reasonTexts[reason]; ok {
		return t
	}
	if t, ok := codeTexts[code]; ok {
		return t
	}
	return failedText
}

// refusal is one of the gateway's own answers.
type refusal struct {
	code       codes.Code
	reason     string            // ErrorInfo.reason; empty: the code's name
	message    string            // English, for developers and logs
	metadata   map[string]string // ErrorInfo.metadata
	retryDelay time.Duration     // RetryInfo when > 0
}

// status builds the google.rpc.Status in the caller's language.
func (f refusal) status(acceptLanguage string) *status.Status {
	reason := f.reason
	if reason == "" {
		reason = codeName(f.code)
	}
	st := &status.Status{Code: int32(f.code), Message: f.message}
	st.Details = append(st.Details, mustAny(&errdetails.ErrorInfo{Reason: reason, Domain: gatewayDomain, Metadata: f.metadata}))
	if f.retryDelay > 0 {
		st.Details = append(st.Details, mustAny(&errdetails.RetryInfo{RetryDelay: durationpb.New(f.retryDelay)}))
	}
	st.Details = append(st.Details, localizedMessage(reason, f.code, acceptLanguage))
	return st
}

func localizedMessage(reason string, code codes.Code, acceptLanguage string) *anypb.Any {
	l := languageOf(acceptLanguage)
	return mustAny(&errdetails.LocalizedMessage{Locale: l.locale(), Message: textFor(reason, code).in(l)})
}

func mustAny(m proto.Message) *anypb.Any {
	a, err := anypb.New(m)
	if err != nil {
		panic(err)
	}
	return a
}

// codeName: "INVALID_ARGUMENT", as ErrorInfo reasons and grpcCodes spell it.
func codeName(c codes.Code) string {
	if int(c) < len(grpcCodes) {
		return grpcCodes[c]
	}
	return "UNKNOWN"
}

// connectCodeName: "invalid_argument", as Connect's JSON spells it.
func connectCodeName(c codes.Code) string {
	if c == codes.Canceled {
		return "canceled"
	}
	return strings.ToLower(codeName(c))
}

func codeOfConnectName(name string) codes.Code {
	if name == "canceled" {
		return codes.Canceled
	}
	for i, n := range grpcCodes {
		if strings.EqualFold(n, name) {
			return codes.Code(i)
		}
	}
	return codes.Unknown
}

// httpStatusOf: the HTTP status Connect and REST answer a code with.
func httpStatusOf(c codes.Code) int {
	switch c {
	case codes.Canceled:
		return 499
	case codes.InvalidArgument, codes.FailedPrecondition, codes.OutOfRange:
		return http.StatusBadRequest
	case codes.DeadlineExceeded:
		return http.StatusGatewayTimeout
	case codes.NotFound:
		return http.StatusNotFound
	case codes.AlreadyExists, codes.Aborted:
		return http.StatusConflict
	case codes.PermissionDenied:
		return http.StatusForbidden
	case codes.ResourceExhausted:
		return http.StatusTooManyRequests
	case codes.Unimplemented:
		return http.StatusNotImplemented
	case codes.Unavailable:
		return http.StatusServiceUnavailable
	case codes.Unauthenticated:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// caller: what a refusal's form and language depend on, read from the
// request as it came (the transcoder rewrites its headers for the service).
type caller struct {
	protocol       string // protocolOf
	contentType    string
	acceptLanguage string
	method, path   string
}

func callerOf(r *http.Request) caller {
	return caller{protocol: protocolOf(r), contentType: r.Header.Get("Content-Type"),
		acceptLanguage: r.Header.Get("Accept-Language"), method: r.Method, path: r.URL.Path}
}

// writeRefusal answers c with f in its protocol. httpStatus 0: the code's
// (Connect, REST) or 200 (gRPC, gRPC-Web, which carry the code in
// grpc-status).
func writeRefusal(w http.ResponseWriter, c caller, httpStatus int, f refusal) {
	writeStatusIn(w, c, httpStatus, f.status(c.acceptLanguage))
}

// writeStatusIn writes a google.rpc.Status in the protocol c speaks.
func writeStatusIn(w http.ResponseWriter, c caller, httpStatus int, st *status.Status) {
	h := w.Header()
	h.Del("Content-Length")
	code := codes.Code(st.GetCode())
	switch c.protocol {
	case "grpc", "grpc_web":
		ct := c.contentType
		if !strings.HasPrefix(ct, "application/grpc") {
			ct = "application/grpc"
		}
		h.Set("Content-Type", ct)
		setGRPCStatus(h, st)
		if httpStatus == 0 {
			httpStatus = http.StatusOK
		}
		w.WriteHeader(httpStatus)
	case "connect":
		body := connectErrorJSON(st)
		if ct := c.contentType; strings.HasPrefix(ct, "application/connect+") {
			// A streaming call: the error is the end-of-stream message.
			end, _ := json.Marshal(map[string]json.RawMessage{"error": body})
			h.Set("Content-Type", ct)
			w.WriteHeader(http.StatusOK)
			var prefix [5]byte
			prefix[0] = 2
			binary.BigEndian.PutUint32(prefix[1:], uint32(len(end)))
			w.Write(prefix[:])
			w.Write(end)
			return
		}
		if httpStatus == 0 {
			httpStatus = httpStatusOf(code)
		}
		h.Set("Content-Type", "application/json")
		w.WriteHeader(httpStatus)
		w.Write(body)
	default: // REST: the google.rpc.Status as JSON
		body, err := protojson.Marshal(st)
		if err != nil {
			body = []byte(`{"code":` + strconv.Itoa(int(code)) + `}`)
		}
		if httpStatus == 0 {
			httpStatus = httpStatusOf(code)
		}
		h.Set("Content-Type", "application/json")
		w.WriteHeader(httpStatus)
		w.Write(body)
	}
}

func setGRPCStatus(h http.Header, st *status.Status) {
	h.Set("Grpc-Status", strconv.Itoa(int(st.GetCode())))
	if st.GetMessage() != "" {
		h.Set("Grpc-Message", percentEncode(st.GetMessage()))
	} else {
		h.Del("Grpc-Message")
	}
	raw, _ := proto.Marshal(st)
	h.Set("Grpc-Status-Details-Bin", base64Raw(raw))
}

// connectErrorJSON: Connect's error body, details as {type, value}.
func connectErrorJSON(st *status.Status) []byte {
	type detail struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	}
	out := struct {
		Code    string   `json:"code"`
		Message string   `json:"message,omitempty"`
		Details []detail `json:"details,omitempty"`
	}{Code: connectCodeName(codes.Code(st.GetCode())), Message: st.GetMessage()}
	for _, d := range st.GetDetails() {
		out.Details = append(out.Details, detail{Type: string(d.MessageName()), Value: base64.RawStdEncoding.EncodeToString(d.GetValue())})
	}
	b, _ := json.Marshal(out)
	return b
}
