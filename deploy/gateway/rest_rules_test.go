package main

// The built-in REST paths (rest_rules.json) against the project's real
// protos: every rule names a method of the descriptor set `buf build` writes
// from proto/, and each documented path (docs/frontend/README.md, "REST
// paths") reaches its method with the request it should carry. Needs buf
// (deploy/local/lib/gateway.sh installs it from npm); skipped without it.

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/grpchealth"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

// findBuf: $LIFELONG_BUF, buf on the PATH, or the one the local stack
// installs under its cache ($LIFELONG_CACHE_DIR, ~/.cache/lifelong).
func findBuf() string {
	if b := os.Getenv("LIFELONG_BUF"); b != "" {
		return b
	}
	if b, err := exec.LookPath("buf"); err == nil {
		return b
	}
	cache := os.Getenv("LIFELONG_CACHE_DIR")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache", "lifelong")
	}
	found, _ := filepath.Glob(filepath.Join(cache, "buf-*", "node_modules", ".bin", "buf"))
	sort.Strings(found)
	if len(found) > 0 {
		return found[len(found)-1]
	}
	return ""
}

var (
	realFilesOnce sync.Once
	realFilesPath string
	realFilesErr  string
)

// realFiles builds the descriptor set of proto/ once per test run.
func realFiles(t *testing.T) *protoregistry.Files {
	realFilesOnce.Do(func() {
		buf := findBuf()
		if buf == "" {
			realFilesErr = "buf not found (LIFELONG_BUF, PATH, ~/.cache/lifelong/buf-*)"
			return
		}
		dir, _ := os.MkdirTemp("", "gateway-rest-rules")
		realFilesPath = filepath.Join(dir, "lifelong.binpb")
		cmd := exec.Command(buf, "build", "-o", realFilesPath)
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			realFilesErr = "buf build: " + err.Error() + ": " + string(out)
		}
	})
	if realFilesErr != "" {
		if strings.HasPrefix(realFilesErr, "buf not found") {
			t.Skip(realFilesErr)
		}
		t.Fatal(realFilesErr)
	}
	files, err := loadDescriptors(realFilesPath, defaultGetMethods)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var lifelongPackages = []string{"lifelong.identity.v1", "lifelong.catalogue.v1", "lifelong.enrolment.v1",
	"lifelong.consulting.v1", "lifelong.community.v1"}

func TestBuiltinRESTRulesNameRealMethods(t *testing.T) {
	files := realFiles(t)
	served := map[string]bool{}
	for _, sds := range servicesOf(files, upstreamsFor("127.0.0.1:1")) {
		for _, sd := range sds {
			served[string(sd.FullName())] = true
		}
	}
	rules, skipped, err := restRules("", files, served)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) > 0 {
		t.Errorf("rest_rules.json names methods the protos do not have: %v", skipped)
	}
	seen := map[string]string{}
	for _, r := range rules {
		key := restVerb(r) + " " + restPath(r)
		if other, dup := seen[key]; dup {
			t.Errorf("%s maps to both %s and %s", key, other, r.Selector)
		}
		seen[key] = r.Selector
	}
}

func upstreamsFor(addr string) []upstream {
	var ups []upstream
	for _, p := range lifelongPackages {
		ups = append(ups, upstream{pkg: p, addr: addr})
	}
	return ups
}

func restVerb(r *annotations.HttpRule) string {
	switch {
	case r.GetGet() != "":
		return "GET"
	case r.GetPost() != "":
		return "POST"
	}
	return "?"
}

func restPath(r *annotations.HttpRule) string { return r.GetGet() + r.GetPost() }

// recorder is a gRPC service (h2c) that answers every call with an empty
// message (valid for any type) and remembers the last call's method and
// request.
type recorder struct {
	mu     sync.Mutex
	method string
	body   []byte
}

func (rec *recorder) serve(t *testing.T) *httptest.Server {
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.method, rec.body = r.URL.Path, body
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/grpc")
		w.Header().Set("Trailer", "Grpc-Status")
		w.WriteHeader(200)
		w.Write(frame(0, nil))
		w.Header().Set("Grpc-Status", "0")
	}))
	srv.Config.Protocols = &protocols
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func (rec *recorder) last() (string, []byte) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	m, b := rec.method, rec.body
	rec.method, rec.body = "", nil
	return m, b
}

// The documented paths, each with the method it reaches and the request the
// service receives (protojson, JSON names). Every rule of rest_rules.json
// must appear here.
var documentedPaths = []struct {
	verb, path, body string
	method           string // Service.Method
	request          string
}{
	{"GET", "/v1/offerings:search?text=%ED%83%84%EC%86%8C&openForApplicationNow=true&pageSize=20", "",
		"lifelong.catalogue.v1.CatalogueService.SearchOfferings", `{"text":"탄소","openForApplicationNow":true,"pageSize":20}`},
	{"GET", "/v1/offerings?centre=centres/misa", "", "lifelong.catalogue.v1.CatalogueService.ListOfferings", `{"centre":"centres/misa"}`},
	{"GET", "/v1/offerings/0b6edf04-aa79-429e-819a-8904b7d5fb70", "", "lifelong.catalogue.v1.CatalogueService.GetOffering",
		`{"name":"offerings/0b6edf04-aa79-429e-819a-8904b7d5fb70"}`},
	{"GET", "/v1/centres", "", "lifelong.catalogue.v1.CatalogueService.ListCentres", `{}`},
	{"GET", "/v1/centres/misa", "", "lifelong.catalogue.v1.CatalogueService.GetCentre", `{"name":"centres/misa"}`},
	{"GET", "/v1/venues", "", "lifelong.catalogue.v1.CatalogueService.ListVenues", `{}`},
	{"GET", "/v1/venues/misa-hall", "", "lifelong.catalogue.v1.CatalogueService.GetVenue", `{"name":"venues/misa-hall"}`},
	{"GET", "/v1/categories", "", "lifelong.catalogue.v1.CatalogueService.ListCategories", `{}`},
	{"GET", "/v1/search-options", "", "lifelong.catalogue.v1.CatalogueService.GetSearchOptions", `{}`},
	{"GET", "/v1/programmes", "", "lifelong.catalogue.v1.CatalogueService.ListProgrammes", `{}`},
	{"GET", "/v1/programmes/49ba08bd-7bdf-4f69-a818-e0d7d48528d0", "", "lifelong.catalogue.v1.CatalogueService.GetProgramme",
		`{"name":"programmes/49ba08bd-7bdf-4f69-a818-e0d7d48528d0"}`},
	{"GET", "/v1/groups", "", "lifelong.community.v1.CommunityService.ListGroups", `{}`},
	{"GET", "/v1/groups/misa-lake-walkers", "", "lifelong.community.v1.CommunityService.GetGroup", `{"name":"groups/misa-lake-walkers"}`},
	{"GET", "/v1/events", "", "lifelong.community.v1.CommunityService.ListEvents", `{}`},
	{"GET", "/v1/events/5e94cc0c-f27f-46c2-9c07-f94603003783", "", "lifelong.community.v1.CommunityService.GetEvent",
		`{"name":"events/5e94cc0c-f27f-46c2-9c07-f94603003783"}`},
	{"GET", "/v1/certificates/281a79cb-e799-4caf-84c9-c2201d6c0f02:verify", "", "lifelong.enrolment.v1.EnrolmentService.VerifyCertificate",
		`{"name":"certificates/281a79cb-e799-4caf-84c9-c2201d6c0f02"}`},
	{"GET", "/v1/offerings/-/seats:batchGet?names=offerings/a/seats&names=offerings/b/seats", "",
		"lifelong.enrolment.v1.EnrolmentService.BatchGetOfferingSeats", `{"names":["offerings/a/seats","offerings/b/seats"]}`},
	{"GET", "/v1/slots?centre=centres/misa", "", "lifelong.consulting.v1.ConsultingService.ListAvailableSlots", `{"centre":"centres/misa"}`},
	{"GET", "/v1/registration-options", "", "lifelong.identity.v1.IdentityService.GetRegistrationOptions", `{}`},
	{"GET", "/v1/staff:batchGet?names=staff/b8df2aaa-21e1-4465-bba1-434552f0353b&names=staff/61ab41d9-4e1e-4ba6-8ca2-af39d7250e71", "",
		"lifelong.identity.v1.IdentityService.BatchGetStaffProfiles",
		`{"names":["staff/b8df2aaa-21e1-4465-bba1-434552f0353b","staff/61ab41d9-4e1e-4ba6-8ca2-af39d7250e71"]}`},
	{"POST", "/v1/sessions", `{"login":"citizen-c01@hanam.example","password":"pw"}`, "lifelong.identity.v1.IdentityService.Login",
		`{"login":"citizen-c01@hanam.example","password":"pw"}`},
	{"GET", "/v1/me/applications", "", "lifelong.enrolment.v1.EnrolmentService.ListMyApplications", `{}`},
	{"POST", "/v1/applications", `{"requestId":"r1","offering":"offerings/a"}`, "lifelong.enrolment.v1.EnrolmentService.Apply",
		`{"requestId":"r1","offering":"offerings/a"}`},
}

func TestDocumentedRESTPathsReachTheirMethods(t *testing.T) {
	files := realFiles(t)
	rec := &recorder{}
	up := rec.serve(t)
	cfg := &config{
		upstreams:           upstreamsFor(up.Listener.Addr().String()),
		defaultTimeout:      30 * time.Second,
		maxTimeout:          60 * time.Second,
		cacheSeconds:        30,
		upstreamConnections: 1,
	}
	api, err := newAPI(cfg, files, newMetrics(), grpchealth.NewStaticChecker())
	if err != nil {
		t.Fatal(err)
	}
	gw := httptest.NewServer(api)
	defer gw.Close()

	reached := map[string]bool{}
	for _, p := range documentedPaths {
		req, _ := http.NewRequest(p.verb, gw.URL+p.path, strings.NewReader(p.body))
		if p.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := io.ReadAll(res.Body)
		res.Body.Close()
		method, body := rec.last()
		want := "/" + p.method[:strings.LastIndex(p.method, ".")] + "/" + p.method[strings.LastIndex(p.method, ".")+1:]
		if res.StatusCode != 200 || method != want {
			t.Errorf("%s %s: %d %s, reached %q, want %s", p.verb, p.path, res.StatusCode, answer, method, want)
			continue
		}
		reached[p.method] = true
		got := requestJSON(t, files, p.method, body)
		if !equalJSON(got, p.request) {
			t.Errorf("%s %s: the service received %s, want %s", p.verb, p.path, got, p.request)
		}
		if p.verb == "GET" && p.path != "/v1/me/applications" && res.Header.Get("Cache-Control") != "public, max-age=30" {
			t.Errorf("%s %s: Cache-Control %q, want a public GET", p.verb, p.path, res.Header.Get("Cache-Control"))
		}
	}
	http := &annotations.Http{}
	if err := protojson.Unmarshal(builtinRESTRules, http); err != nil {
		t.Fatal(err)
	}
	for _, r := range http.Rules {
		if !reached[r.Selector] {
			t.Errorf("rest_rules.json: %s %s (%s) has no documented path in this test", restVerb(r), restPath(r), r.Selector)
		}
	}
}

// requestJSON decodes the gRPC request frame of method as protojson.
func requestJSON(t *testing.T, files *protoregistry.Files, method string, body []byte) string {
	d, err := files.FindDescriptorByName(protoreflect.FullName(method))
	if err != nil {
		t.Fatal(err)
	}
	msg := dynamicpb.NewMessage(d.(protoreflect.MethodDescriptor).Input())
	if len(body) < 5 || proto.Unmarshal(body[5:], msg) != nil {
		t.Fatalf("%s: not a gRPC request frame: %x", method, body)
	}
	out, _ := protojson.Marshal(msg)
	return string(out)
}

func equalJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}
