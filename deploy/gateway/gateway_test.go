package main

// The gateway in front of a fake gRPC service (h2c) speaking raw gRPC, so
// that each test sees exactly what crosses each side: error details in
// Connect, gRPC-Web, gRPC and REST; CORS; X-Forwarded-For and authorization;
// deadlines; cacheable GETs; UNAVAILABLE with RetryInfo; drain.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/grpchealth"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
)

// test.v1.TestService: Echo returns what the service saw; Fail answers the
// error its text names; Slow waits 400 ms.
func testFiles(t *testing.T) *protoregistry.Files {
	str := descriptorpb.FieldDescriptorProto_TYPE_STRING.Enum()
	opt := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum()
	field := func(name string, n int32) *descriptorpb.FieldDescriptorProto {
		return &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(n), Type: str, Label: opt, JsonName: proto.String(name)}
	}
	method := func(name string) *descriptorpb.MethodDescriptorProto {
		return &descriptorpb.MethodDescriptorProto{Name: proto.String(name), InputType: proto.String(".test.v1.EchoRequest"), OutputType: proto.String(".test.v1.EchoResponse")}
	}
	file := &descriptorpb.FileDescriptorProto{
		Name: proto.String("test/v1/test.proto"), Package: proto.String("test.v1"), Syntax: proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{
			{Name: proto.String("EchoRequest"), Field: []*descriptorpb.FieldDescriptorProto{field("text", 1)}},
			{Name: proto.String("EchoResponse"), Field: []*descriptorpb.FieldDescriptorProto{
				field("text", 1), field("authorization", 2), field("forwarded_for", 3), field("grpc_timeout", 4)}},
		},
		Service: []*descriptorpb.ServiceDescriptorProto{{Name: proto.String("TestService"),
			Method: []*descriptorpb.MethodDescriptorProto{method("Echo"), method("Fail"), method("Slow")}}},
	}
	files, err := filesOf(&descriptorpb.FileDescriptorSet{File: []*descriptorpb.FileDescriptorProto{file}}, []string{"test.v1.TestService.Echo"})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func message(t *testing.T, files *protoregistry.Files, name string) *dynamicpb.Message {
	d, err := files.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		t.Fatal(err)
	}
	return dynamicpb.NewMessage(d.(protoreflect.MessageDescriptor))
}

func frame(flag byte, payload []byte) []byte {
	out := make([]byte, 5, 5+len(payload))
	out[0] = flag
	binary.BigEndian.PutUint32(out[1:], uint32(len(payload)))
	return append(out, payload...)
}

func anyOf(m proto.Message) *anypb.Any { a, _ := anypb.New(m); return a }

var failures = map[string]*status.Status{
	"invalid": {Code: 3, Message: "bad fields", Details: []*anypb.Any{
		anyOf(&errdetails.ErrorInfo{Reason: "INVALID_FIELDS", Domain: "test.lifelong"}),
		anyOf(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "text", Description: "too long"}}})}},
	"precondition": {Code: 9, Message: "window closed", Details: []*anypb.Any{
		anyOf(&errdetails.ErrorInfo{Reason: "APPLICATION_WINDOW_CLOSED", Domain: "test.lifelong", Metadata: map[string]string{"closed_at": "2026-03-01"}}),
		anyOf(&errdetails.LocalizedMessage{Locale: "ko-KR", Message: "신청 기간이 끝났습니다"})}},
	"exhausted": {Code: 8, Message: "slow down", Details: []*anypb.Any{
		anyOf(&errdetails.ErrorInfo{Reason: "TOO_MANY_LOGIN_ATTEMPTS", Domain: "test.lifelong"}),
		anyOf(&errdetails.RetryInfo{RetryDelay: durationpb.New(30 * time.Second)})}},
}

// fakeService is a gRPC server written against the wire, over h2c.
func fakeService(t *testing.T, files *protoregistry.Files) *httptest.Server {
	return fakeServiceAt(t, files, "")
}

// fakeServiceAt listens on addr ("": any free port).
func fakeServiceAt(t *testing.T, files *protoregistry.Files, addr string) *httptest.Server {
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if len(body) >= 5 && body[0] == 1 && r.Header.Get("Grpc-Encoding") == "gzip" { // a compressed message
			if z, err := gzip.NewReader(bytes.NewReader(body[5:])); err == nil {
				plain, _ := io.ReadAll(z)
				body = frame(0, plain)
			}
		}
		req := message(t, files, "test.v1.EchoRequest")
		if len(body) < 5 || proto.Unmarshal(body[5:], req) != nil {
			t.Errorf("bad gRPC request body %x", body)
		}
		text := req.Get(req.Descriptor().Fields().ByName("text")).String()
		w.Header().Set("Content-Type", "application/grpc")
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		if method == "Fail" {
			st := failures[text]
			raw, _ := proto.Marshal(st)
			w.Header().Set("Grpc-Status", string(rune('0'+st.Code%10)))
			if st.Code >= 10 {
				w.Header().Set("Grpc-Status", "1"+string(rune('0'+st.Code%10)))
			}
			w.Header().Set("Grpc-Message", st.Message)
			w.Header().Set("Grpc-Status-Details-Bin", base64.RawStdEncoding.EncodeToString(raw))
			w.WriteHeader(200)
			return
		}
		if method == "Slow" {
			time.Sleep(400 * time.Millisecond)
		}
		res := message(t, files, "test.v1.EchoResponse")
		set := func(f, v string) {
			res.Set(res.Descriptor().Fields().ByName(protoreflect.Name(f)), protoreflect.ValueOfString(v))
		}
		set("text", text)
		set("authorization", r.Header.Get("Authorization"))
		set("forwarded_for", r.Header.Get("X-Forwarded-For"))
		set("grpc_timeout", r.Header.Get("Grpc-Timeout"))
		raw, _ := proto.Marshal(res)
		w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
		w.WriteHeader(200)
		w.Write(frame(0, raw))
		w.Header().Set("Grpc-Status", "0")
	}))
	srv.Config.Protocols = &protocols
	if addr != "" {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		srv.Listener.Close()
		srv.Listener = l
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

type harness struct {
	files *protoregistry.Files
	m     *metrics
	url   string
	srv   *httptest.Server
}

func newHarness(t *testing.T, upstreamAddr string, mutate func(*config)) *harness {
	files := testFiles(t)
	rules := filepath.Join(t.TempDir(), "rules.json")
	os.WriteFile(rules, []byte(`{"rules":[{"selector":"test.v1.TestService.Echo","get":"/v1/{text=echoes/*}"},
		{"selector":"test.v1.TestService.Fail","get":"/v1/failures/{text}"}]}`), 0o644)
	cfg := &config{
		upstreams:           []upstream{{pkg: "test.v1", addr: upstreamAddr}},
		corsOrigins:         map[string]bool{"http://portal.test": true},
		restRules:           rules,
		defaultTimeout:      30 * time.Second,
		maxTimeout:          60 * time.Second,
		cacheSeconds:        30,
		upstreamConnections: 2,
	}
	if mutate != nil {
		mutate(cfg)
	}
	m := newMetrics()
	api, err := newAPI(cfg, files, m, grpchealth.NewStaticChecker())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(api)
	srv.Config.Protocols = serverProtocols()
	srv.Start()
	t.Cleanup(srv.Close)
	return &harness{files: files, m: m, url: srv.URL, srv: srv}
}

func h2cClient() *http.Client {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	return &http.Client{Transport: &http.Transport{Protocols: &p}}
}

func (h *harness) encode(t *testing.T, text string) []byte {
	req := message(t, h.files, "test.v1.EchoRequest")
	req.Set(req.Descriptor().Fields().ByName("text"), protoreflect.ValueOfString(text))
	raw, _ := proto.Marshal(req)
	return raw
}

// detailsOf decodes a google.rpc.Status and names its detail types.
func detailTypes(t *testing.T, raw []byte) (int32, []string) {
	st := &status.Status{}
	if err := proto.Unmarshal(raw, st); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range st.Details {
		names = append(names, string(d.MessageName()))
	}
	return st.Code, names
}

func TestErrorDetailsKeptInEveryProtocol(t *testing.T) {
	up := fakeService(t, testFiles(t))
	h := newHarness(t, up.Listener.Addr().String(), nil)
	for text, want := range failures {
		wantTypes := detailTypes2(want)
		// Connect (JSON): details as {type, value}.
		res, err := connectPost(h.url+"/test.v1.TestService/Fail", `{"text":"`+text+`"}`)
		if err != nil {
			t.Fatal(err)
		}
		var connectErr struct {
			Code    string `json:"code"`
			Details []struct{ Type, Value string }
		}
		json.NewDecoder(res.Body).Decode(&connectErr)
		res.Body.Close()
		var got []string
		for _, d := range connectErr.Details {
			got = append(got, d.Type)
		}
		if strings.Join(got, ",") != strings.Join(wantTypes, ",") || connectErr.Code != map[int32]string{3: "invalid_argument", 9: "failed_precondition", 8: "resource_exhausted"}[want.Code] {
			t.Errorf("connect %s: code %s details %v, want %v", text, connectErr.Code, got, wantTypes)
		}

		// gRPC-Web: grpc-status-details-bin in the headers or the trailer frame.
		req, _ := http.NewRequest("POST", h.url+"/test.v1.TestService/Fail", bytes.NewReader(frame(0, h.encode(t, text))))
		req.Header.Set("Content-Type", "application/grpc-web+proto")
		req.Header.Set("X-Grpc-Web", "1")
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		bin := res.Header.Get("Grpc-Status-Details-Bin")
		if bin == "" {
			for len(body) >= 5 {
				n := binary.BigEndian.Uint32(body[1:5])
				if body[0]&0x80 != 0 {
					for _, line := range strings.Split(string(body[5:5+n]), "\r\n") {
						if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "grpc-status-details-bin") {
							bin = strings.TrimSpace(v)
						}
					}
				}
				body = body[5+n:]
			}
		}
		raw, _ := base64.RawStdEncoding.DecodeString(strings.TrimRight(bin, "="))
		code, types := detailTypes(t, raw)
		if code != want.Code || strings.Join(types, ",") != strings.Join(wantTypes, ",") {
			t.Errorf("grpc-web %s: code %d details %v, want %d %v", text, code, types, want.Code, wantTypes)
		}

		// gRPC over h2c: passed through.
		req, _ = http.NewRequest("POST", h.url+"/test.v1.TestService/Fail", bytes.NewReader(frame(0, h.encode(t, text))))
		req.Header.Set("Content-Type", "application/grpc")
		req.Header.Set("Te", "trailers")
		res, err = h2cClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		bin = res.Header.Get("Grpc-Status-Details-Bin") + res.Trailer.Get("Grpc-Status-Details-Bin")
		raw, _ = base64.RawStdEncoding.DecodeString(strings.TrimRight(bin, "="))
		code, types = detailTypes(t, raw)
		if code != want.Code || strings.Join(types, ",") != strings.Join(wantTypes, ",") {
			t.Errorf("grpc %s: code %d details %v, want %d %v", text, code, types, want.Code, wantTypes)
		}

		// REST: a google.rpc.Status JSON body with "@type" details.
		res, err = http.Get(h.url + "/v1/failures/" + text)
		if err != nil {
			t.Fatal(err)
		}
		var restErr struct {
			Code    int32
			Details []map[string]any
		}
		json.NewDecoder(res.Body).Decode(&restErr)
		res.Body.Close()
		got = nil
		for _, d := range restErr.Details {
			got = append(got, strings.TrimPrefix(d["@type"].(string), "type.googleapis.com/"))
		}
		if restErr.Code != want.Code || strings.Join(got, ",") != strings.Join(wantTypes, ",") {
			t.Errorf("rest %s: %d %v, want %d %v", text, restErr.Code, got, want.Code, wantTypes)
		}
	}
}

func detailTypes2(st *status.Status) []string {
	var out []string
	for _, d := range st.Details {
		out = append(out, string(d.MessageName()))
	}
	return out
}

func connectEcho(t *testing.T, url string, header http.Header) map[string]string {
	req, _ := http.NewRequest("POST", url+"/test.v1.TestService/Echo", strings.NewReader(`{"text":"hi"}`))
	req.Header = header.Clone()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Connect-Protocol-Version", "1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out := map[string]string{}
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("echo: %d %s", res.StatusCode, b)
	}
	json.NewDecoder(res.Body).Decode(&out)
	return out
}

func TestAuthorizationForwardedForAndDeadline(t *testing.T) {
	up := fakeService(t, testFiles(t))
	h := newHarness(t, up.Listener.Addr().String(), nil)
	got := connectEcho(t, h.url, http.Header{"Authorization": {"Bearer s3cret"}, "X-Forwarded-For": {"203.0.113.9"}, "Connect-Timeout-Ms": {"1500"}})
	if got["authorization"] != "Bearer s3cret" {
		t.Errorf("authorization: %q", got["authorization"])
	}
	// Headers gRPC metadata cannot carry are left out; the call goes on.
	if odd := connectEcho(t, h.url, http.Header{"Authorization": {"Bearer x"}, "X-Note": {"미사"}, "X-Odd!": {"1"}}); odd["authorization"] != "Bearer x" {
		t.Errorf("a call with a non-ASCII header value: %v", odd)
	}
	// The client is not a trusted proxy: its own header is replaced.
	if got["forwarded_for"] != "127.0.0.1" {
		t.Errorf("x-forwarded-for from an untrusted peer: %q, want 127.0.0.1", got["forwarded_for"])
	}
	if d, ok := grpcTimeout(got["grpc_timeout"]); !ok || d > 1500*time.Millisecond || d < 1000*time.Millisecond {
		t.Errorf("deadline: grpc-timeout %q, want about 1500m", got["grpc_timeout"])
	}
	// grpc-timeout is what is left of the deadline when the call leaves.
	about := func(d, want time.Duration) bool { return d <= want && d > want-200*time.Millisecond }
	if d, _ := grpcTimeout(connectEcho(t, h.url, http.Header{})["grpc_timeout"]); !about(d, 30*time.Second) {
		t.Errorf("default deadline: %v", d)
	}
	if d, _ := grpcTimeout(connectEcho(t, h.url, http.Header{"Connect-Timeout-Ms": {"3600000"}})["grpc_timeout"]); !about(d, 60*time.Second) {
		t.Errorf("deadline over the maximum: %v, want 60s", d)
	}

	trusting := newHarness(t, up.Listener.Addr().String(), func(c *config) {
		c.trustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	if got := connectEcho(t, trusting.url, http.Header{"X-Forwarded-For": {"203.0.113.9"}}); got["forwarded_for"] != "203.0.113.9, 127.0.0.1" {
		t.Errorf("x-forwarded-for from a trusted proxy: %q", got["forwarded_for"])
	}
}

func TestCORSAllowList(t *testing.T) {
	up := fakeService(t, testFiles(t))
	h := newHarness(t, up.Listener.Addr().String(), nil)
	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest("OPTIONS", h.url+"/test.v1.TestService/Echo", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type,authorization,connect-protocol-version")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := preflight("http://portal.test")
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != "http://portal.test" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("allowed origin preflight: %d %v", res.StatusCode, res.Header)
	}
	if res := preflight("http://evil.test"); res.StatusCode != 403 || res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin preflight: %d %v", res.StatusCode, res.Header)
	}
	req, _ := http.NewRequest("POST", h.url+"/test.v1.TestService/Echo", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.test")
	res, _ = http.DefaultClient.Do(req)
	if res.StatusCode != 403 {
		t.Errorf("call from another origin: %d, want 403", res.StatusCode)
	}
	if h.m.corsRefused.Load() != 2 {
		t.Errorf("cors refused counter %d", h.m.corsRefused.Load())
	}
}

func TestCacheableGets(t *testing.T) {
	up := fakeService(t, testFiles(t))
	h := newHarness(t, up.Listener.Addr().String(), nil)
	// Connect GET (Echo is NO_SIDE_EFFECTS through LIFELONG_GATEWAY_GET_METHODS).
	res, err := http.Get(h.url + "/test.v1.TestService/Echo?connect=v1&encoding=json&message=" + `%7B%22text%22%3A%22hi%22%7D`)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"text":"hi"`) || res.Header.Get("Cache-Control") != "public, max-age=30" {
		t.Errorf("connect GET: %d %s cache-control %q", res.StatusCode, body, res.Header.Get("Cache-Control"))
	}
	// REST GET with a path variable.
	res, err = http.Get(h.url + "/v1/echoes/abc")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"text":"echoes/abc"`) || res.Header.Get("Cache-Control") == "" {
		t.Errorf("REST GET: %d %s", res.StatusCode, body)
	}
	// Fail is not marked: Connect GET is refused.
	res, _ = http.Get(h.url + "/test.v1.TestService/Fail?connect=v1&encoding=json&message=%7B%7D")
	res.Body.Close()
	if res.StatusCode == 200 {
		t.Errorf("connect GET of a method with side effects answered 200")
	}
	var metricsText bytes.Buffer
	h.m.write(&metricsText)
	if !strings.Contains(metricsText.String(), `lifelong_gateway_requests_total{protocol="connect",method="/test.v1.TestService/Echo",code="OK"} 1`) ||
		!strings.Contains(metricsText.String(), `lifelong_gateway_requests_total{protocol="rest",method="/test.v1.TestService/Echo",code="OK"} 1`) {
		t.Errorf("metrics:\n%s", metricsText.String())
	}
}

func TestUnreachableServiceIsUnavailableWithRetryInfo(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close() // nothing listens there
	h := newHarness(t, addr, nil)
	res, err := connectPost(h.url+"/test.v1.TestService/Echo", `{}`)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 503 || !strings.Contains(string(body), `"code":"unavailable"`) || !strings.Contains(string(body), "google.rpc.RetryInfo") {
		t.Errorf("unreachable service: %d %s", res.StatusCode, body)
	}
}

func TestDrainLetsCallsInFlightFinish(t *testing.T) {
	up := fakeService(t, testFiles(t))
	h := newHarness(t, up.Listener.Addr().String(), nil)
	var finished atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err := connectPost(h.url+"/test.v1.TestService/Slow", `{"text":"slow"}`)
		if err == nil && res.StatusCode == 200 {
			finished.Add(1)
			res.Body.Close()
		}
	}()
	time.Sleep(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.srv.Config.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	<-done
	if finished.Load() != 1 {
		t.Errorf("the call in flight did not finish during the drain")
	}
	if _, err := connectPost(h.url+"/test.v1.TestService/Echo", `{}`); err == nil {
		t.Errorf("a new call was taken after the drain began")
	}
}

func TestConfigRefusesBadSettings(t *testing.T) {
	env := map[string]string{
		"LIFELONG_GATEWAY_UPSTREAMS":       "lifelong.identity.v1",
		"LIFELONG_GATEWAY_CORS_ORIGINS":    "*",
		"LIFELONG_GATEWAY_TRUSTED_PROXIES": "10.0.0.0/33",
		"LIFELONG_GATEWAY_PORT":            "http",
	}
	_, err := loadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	for _, name := range []string{"LIFELONG_GATEWAY_DESCRIPTORS", "LIFELONG_GATEWAY_UPSTREAMS", "LIFELONG_GATEWAY_CORS_ORIGINS", "LIFELONG_GATEWAY_TRUSTED_PROXIES", "LIFELONG_GATEWAY_PORT"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("bad %s not named: %v", name, err)
		}
	}
}

func connectPost(url, body string) (*http.Response, error) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Connect-Protocol-Version", "1")
	return http.DefaultClient.Do(req)
}

func TestGRPCWebAnswerHasMessageThenTrailerFrame(t *testing.T) {
	up := fakeService(t, testFiles(t))
	h := newHarness(t, up.Listener.Addr().String(), nil)
	req, _ := http.NewRequest("POST", h.url+"/test.v1.TestService/Echo", bytes.NewReader(frame(0, h.encode(t, "hi"))))
	req.Header.Set("Content-Type", "application/grpc-web+proto")
	req.Header.Set("X-Grpc-Web", "1")
	req.Header.Set("Authorization", "Bearer t")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Content-Type") != "application/grpc-web+proto" || len(body) < 5 || body[0] != 0 {
		t.Fatalf("grpc-web answer: %v %x", res.Header, body)
	}
	n := binary.BigEndian.Uint32(body[1:5])
	msg := message(t, h.files, "test.v1.EchoResponse")
	if err := proto.Unmarshal(body[5:5+n], msg); err != nil {
		t.Fatal(err)
	}
	if got := msg.Get(msg.Descriptor().Fields().ByName("authorization")).String(); got != "Bearer t" {
		t.Errorf("authorization through gRPC-Web: %q", got)
	}
	rest := body[5+n:]
	if len(rest) < 5 || rest[0] != 0x80 || !strings.Contains(string(rest[5:]), "grpc-status: 0\r\n") {
		t.Errorf("trailer frame: %q", rest)
	}
	var metricsText bytes.Buffer
	h.m.write(&metricsText)
	if !strings.Contains(metricsText.String(), `protocol="grpc_web",method="/test.v1.TestService/Echo",code="OK"`) {
		t.Errorf("metrics:\n%s", metricsText.String())
	}
}

// A message the client compressed is not grpc-go's to send: the reverse
// proxy passes it on as it is, and the answer comes back.
func TestCompressedGRPCRequestGoesThrough(t *testing.T) {
	up := fakeService(t, testFiles(t))
	h := newHarness(t, up.Listener.Addr().String(), nil)
	var zipped bytes.Buffer
	z := gzip.NewWriter(&zipped)
	z.Write(h.encode(t, "squeezed"))
	z.Close()
	req, _ := http.NewRequest("POST", h.url+"/test.v1.TestService/Echo", bytes.NewReader(frame(1, zipped.Bytes())))
	req.Header.Set("Content-Type", "application/grpc")
	req.Header.Set("Grpc-Encoding", "gzip")
	req.Header.Set("Te", "trailers")
	res, err := h2cClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Trailer.Get("Grpc-Status") != "0" || len(body) < 5 {
		t.Fatalf("compressed call: %v %v %x", res.Header, res.Trailer, body)
	}
	msg := message(t, h.files, "test.v1.EchoResponse")
	if err := proto.Unmarshal(body[5:], msg); err != nil {
		t.Fatal(err)
	}
	if got := msg.Get(msg.Descriptor().Fields().ByName("text")).String(); got != "squeezed" {
		t.Errorf("compressed call answered %q", got)
	}
}

// A service that goes away and comes back is called again within about a
// second (grpc-go's default backoff would wait up to 2 minutes).
func TestServiceBackAfterRestart(t *testing.T) {
	files := testFiles(t)
	up := fakeService(t, files)
	addr := up.Listener.Addr().String()
	h := newHarness(t, addr, nil)
	connectEcho(t, h.url, http.Header{})
	up.Close()
	for i := 0; i < 8; i++ { // every connection fails and backs off
		res, err := connectPost(h.url+"/test.v1.TestService/Echo", `{}`)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 503 {
			t.Fatalf("service down: %d", res.StatusCode)
		}
		time.Sleep(150 * time.Millisecond)
	}
	fakeServiceAt(t, files, addr)
	back := time.Now()
	for {
		res, err := connectPost(h.url+"/test.v1.TestService/Echo", `{}`)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == 200 {
			break
		}
		if time.Since(back) > 3*time.Second {
			t.Fatalf("the service was back, the gateway still answered %d after %v", res.StatusCode, time.Since(back))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("called again %v after the service came back", time.Since(back).Round(time.Millisecond))
}
