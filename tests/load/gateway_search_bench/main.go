// Benchmark of the gateway's overhead: catalogue search through the gateway
// (Connect JSON, gRPC-Web and gRPC pass-through) beside the same search
// straight to the catalogue service (gRPC) and the no-op RPC
// (grpc.health.v1.Health/Check), in one run, interleaved, from a closed
// loop of 32 clients (as tests/load/closed_loop.h). Prints throughput, p50
// and p99 of each, the p50 overhead and throughput ratio of each gateway
// protocol to direct, and the targets (p50 overhead <= 1 ms, throughput >=
// 0.5 x direct for Connect JSON and gRPC-Web). Run it with
// tests/load/gateway_search.
//
//	gateway_search_bench --gateway 127.0.0.1:15420 --catalogue 127.0.0.1:15411 \
//	  --descriptors build/gateway/lifelong.binpb [--clients 32] [--seconds 5] [--rounds 3]
//
// With --clients 1 it shows the overhead of one call without queueing.
// With --gateway-pid and --service-pid (tests/load/gateway_search passes
// them from the stack's pid files) it also prints the CPU time each process
// spent per call (user + system, from /proc/PID/stat), and the load
// generator's own: a figure that does not depend on how many cores the
// machine has or who else uses them.
//
// Every variant uses the same Go HTTP client code and decodes no response,
// so the differences are the gateway's: Connect and gRPC-Web over HTTP/1.1
// keep-alive connections (one per client, as browsers' pools do), gRPC over
// h2c on shared connections.
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand"
	"net"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

const searchPath = "/lifelong.catalogue.v1.CatalogueService/SearchOfferings"

var words = []string{"탄소", "건강", "문해", "야간", "스마트폰", "인문학", "합창", "코딩", "미술", "요리",
	"yoga", "night", "climate", "literacy", "data", "choir", "history", "braille"}
var centres = []string{"misa", "wirye", "pungsan", "deokpung", "sinjang", "cheonhyeon", "gamil", "chungung"}

type request struct{ binary, json []byte }

// randomSearches: the same mix as tests/load/catalogue_search_bench.cc.
func randomSearches(md protoreflect.MessageDescriptor, n, pageSize int, seed int64) []request {
	rng := rand.New(rand.NewSource(seed))
	f := md.Fields().ByName
	out := make([]request, n)
	for i := range out {
		m := dynamicpb.NewMessage(md)
		m.Set(f("page_size"), protoreflect.ValueOfInt32(int32(pageSize)))
		list := func(name string, v protoreflect.Value) {
			l := m.Mutable(f(protoreflect.Name(name))).List()
			l.Append(v)
		}
		switch rng.Intn(4) {
		case 0:
			m.Set(f("text"), protoreflect.ValueOfString(words[rng.Intn(len(words))]))
		case 1:
			list("audiences", protoreflect.ValueOfEnum(protoreflect.EnumNumber(1+rng.Intn(7))))
			m.Set(f("time_of_day"), protoreflect.ValueOfEnum(protoreflect.EnumNumber(1+rng.Intn(3))))
		case 2:
			m.Set(f("centre"), protoreflect.ValueOfString("centres/"+centres[rng.Intn(len(centres))]))
			m.Set(f("free_only"), protoreflect.ValueOfBool(rng.Intn(2) == 0))
			list("days_of_week", protoreflect.ValueOfInt32(int32(1+rng.Intn(5))))
		default:
			m.Set(f("text"), protoreflect.ValueOfString(words[rng.Intn(len(words))]))
			m.Set(f("open_for_application_now"), protoreflect.ValueOfBool(true))
			m.Set(f("age"), protoreflect.ValueOfInt32(int32(20+rng.Intn(60))))
		}
		b, _ := proto.Marshal(m)
		j, _ := protojson.Marshal(m)
		out[i] = request{b, j}
	}
	return out
}

func frame(payload []byte) []byte {
	out := make([]byte, 5+len(payload))
	binary.BigEndian.PutUint32(out[1:], uint32(len(payload)))
	copy(out[5:], payload)
	return out
}

// grpcWebStatus finds grpc-status in a gRPC-Web body's trailer frame.
func grpcWebStatus(body []byte, header http.Header) string {
	if s := header.Get("Grpc-Status"); s != "" {
		return s
	}
	for len(body) >= 5 {
		n := int(binary.BigEndian.Uint32(body[1:5]))
		if 5+n > len(body) {
			break
		}
		if body[0]&0x80 != 0 {
			for _, line := range strings.Split(string(body[5:5+n]), "\r\n") {
				if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "grpc-status") {
					return strings.TrimSpace(v)
				}
			}
		}
		body = body[5+n:]
	}
	return ""
}

type call func(rng *rand.Rand) bool

type workload struct {
	name string
	call func(client int) call
}

type result struct {
	throughput float64
	latencies  []float64 // ms
	errors     int
}

func runClosedLoop(clients int, seconds float64, makeCall func(int) call) result {
	var wg sync.WaitGroup
	per := make([][]float64, clients)
	errs := make([]int, clients)
	start := make(chan struct{})
	calls := make([]call, clients)
	for c := range calls {
		calls[c] = makeCall(c)
	}
	deadline := time.Now().Add(time.Duration(seconds*float64(time.Second)) + 200*time.Millisecond)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(c*7919 + 17)))
			<-start
			for time.Now().Before(deadline) {
				t := time.Now()
				ok := calls[c](rng)
				per[c] = append(per[c], float64(time.Since(t).Microseconds())/1000)
				if !ok {
					errs[c]++
				}
			}
		}(c)
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0).Seconds()
	var r result
	for c := range per {
		r.latencies = append(r.latencies, per[c]...)
		r.errors += errs[c]
	}
	r.throughput = float64(len(r.latencies)) / elapsed
	return r
}

// cpuSeconds is a process's user + system CPU time so far (0 if unknown).
func cpuSeconds(pid string) float64 {
	if pid == "" {
		return 0
	}
	raw, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces) in parentheses.
	s := string(raw)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / 100 // USER_HZ is 100 on Linux
}

type cpuUse struct{ gateway, service, loadgen float64 }

func cpuNow(gatewayPid, servicePid string) cpuUse {
	return cpuUse{cpuSeconds(gatewayPid), cpuSeconds(servicePid), cpuSeconds("self")}
}

func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	sort.Float64s(s)
	return s[int(p*float64(len(s)-1))]
}

func median(v []float64) float64 { return percentile(v, 0.5) }

func h2cTransport() *http.Transport {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	return &http.Transport{Protocols: &p, DialContext: (&net.Dialer{}).DialContext}
}

func main() {
	gateway := flag.String("gateway", "", "the gateway's host:port")
	catalogue := flag.String("catalogue", "", "the catalogue service's host:port (direct)")
	descriptors := flag.String("descriptors", "", "the descriptor set (buf build -o)")
	clients := flag.Int("clients", 32, "concurrent clients")
	seconds := flag.Float64("seconds", 5, "seconds per workload per round")
	rounds := flag.Int("rounds", 3, "rounds, each running every workload once")
	pageSize := flag.Int("page-size", 20, "search page size")
	only := flag.String("only", "", "run only these workloads (comma-separated), for profiling")
	gatewayPid := flag.String("gateway-pid", "", "the gateway's process id: print its CPU time per call")
	servicePid := flag.String("service-pid", "", "the catalogue's process id: print its CPU time per call")
	flag.Parse()
	if *gateway == "" || *catalogue == "" || *descriptors == "" {
		flag.Usage()
		os.Exit(2)
	}
	raw, err := os.ReadFile(*descriptors)
	if err != nil {
		log.Fatal(err)
	}
	set := &descriptorpb.FileDescriptorSet{}
	if err := proto.Unmarshal(raw, set); err != nil {
		log.Fatal(err)
	}
	files, err := protodesc.NewFiles(set)
	if err != nil {
		log.Fatal(err)
	}
	d, err := files.FindDescriptorByName("lifelong.catalogue.v1.SearchOfferingsRequest")
	if err != nil {
		log.Fatal(err)
	}
	searches := make([][]request, *clients)
	for c := range searches {
		searches[c] = randomSearches(d.(protoreflect.MessageDescriptor), 256, *pageSize, int64(c))
	}

	// gRPC over h2c: a few shared connections (as the C++ benchmarks' channels).
	h2c := []*http.Client{{Transport: h2cTransport()}, {Transport: h2cTransport()}, {Transport: h2cTransport()}, {Transport: h2cTransport()}}
	grpcCall := func(c int, addr, path string, body func(rng *rand.Rand) []byte) call {
		client := h2c[c%len(h2c)]
		url := "http://" + addr + path
		return func(rng *rand.Rand) bool {
			req, _ := http.NewRequestWithContext(context.Background(), "POST", url, bytes.NewReader(frame(body(rng))))
			req.Header.Set("Content-Type", "application/grpc")
			req.Header.Set("Te", "trailers")
			res, err := client.Do(req)
			if err != nil {
				return false
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.Header.Get("Grpc-Status")+res.Trailer.Get("Grpc-Status") == "0"
		}
	}
	pick := func(c int) func(rng *rand.Rand) request {
		return func(rng *rand.Rand) request { return searches[c][rng.Intn(len(searches[c]))] }
	}
	// HTTP/1.1 keep-alive: one connection per client.
	h1 := func() *http.Client {
		return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1}}
	}
	workloads := []workload{
		{"noop", func(c int) call {
			return grpcCall(c, *catalogue, "/grpc.health.v1.Health/Check", func(*rand.Rand) []byte { return nil })
		}},
		{"direct", func(c int) call {
			p := pick(c)
			return grpcCall(c, *catalogue, searchPath, func(rng *rand.Rand) []byte { return p(rng).binary })
		}},
		{"connect", func(c int) call {
			p, client, url := pick(c), h1(), "http://"+*gateway+searchPath
			return func(rng *rand.Rand) bool {
				req, _ := http.NewRequest("POST", url, bytes.NewReader(p(rng).json))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Connect-Protocol-Version", "1")
				res, err := client.Do(req)
				if err != nil {
					return false
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				return res.StatusCode == 200
			}
		}},
		{"grpc-web", func(c int) call {
			p, client, url := pick(c), h1(), "http://"+*gateway+searchPath
			return func(rng *rand.Rand) bool {
				req, _ := http.NewRequest("POST", url, bytes.NewReader(frame(p(rng).binary)))
				req.Header.Set("Content-Type", "application/grpc-web+proto")
				req.Header.Set("X-Grpc-Web", "1")
				res, err := client.Do(req)
				if err != nil {
					return false
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				return res.StatusCode == 200 && grpcWebStatus(body, res.Header) == "0"
			}
		}},
		{"gw-grpc", func(c int) call {
			p := pick(c)
			return grpcCall(c, *gateway, searchPath, func(rng *rand.Rand) []byte { return p(rng).binary })
		}},
	}

	if *only != "" {
		workloads = slices.DeleteFunc(workloads, func(w workload) bool { return !slices.Contains(strings.Split(*only, ","), w.name) })
	}
	fmt.Printf("gateway %s, catalogue %s direct; %d clients, %d rounds of %g s per workload, interleaved\n",
		*gateway, *catalogue, *clients, *rounds, *seconds)
	tps := map[string][]float64{}
	lat := map[string][]float64{}
	errs := map[string]int{}
	cpu := map[string]cpuUse{}
	calls := map[string]int{}
	for round := 1; round <= *rounds; round++ {
		for _, w := range workloads {
			before := cpuNow(*gatewayPid, *servicePid)
			r := runClosedLoop(*clients, *seconds, w.call)
			after := cpuNow(*gatewayPid, *servicePid)
			c := cpu[w.name]
			c.gateway += after.gateway - before.gateway
			c.service += after.service - before.service
			c.loadgen += after.loadgen - before.loadgen
			cpu[w.name] = c
			calls[w.name] += len(r.latencies)
			tps[w.name] = append(tps[w.name], r.throughput)
			lat[w.name] = append(lat[w.name], r.latencies...)
			errs[w.name] += r.errors
			fmt.Printf("  round %d %-9s %8.0f calls/s  p50 %6.2f ms\n", round, w.name, r.throughput, median(r.latencies))
		}
	}
	direct := median(tps["direct"])
	directP50 := percentile(lat["direct"], 0.5)
	fmt.Printf("\n%-9s %12s %8s %8s %7s %9s %13s\n", "workload", "calls/s(med)", "p50 ms", "p99 ms", "errors", "x direct", "p50 overhead")
	for _, w := range workloads {
		p50 := percentile(lat[w.name], 0.5)
		fmt.Printf("%-9s %12.0f %8.2f %8.2f %7d %9.2f %10.2f ms\n", w.name, median(tps[w.name]), p50,
			percentile(lat[w.name], 0.99), errs[w.name], median(tps[w.name])/direct, p50-directP50)
	}
	if *gatewayPid != "" || *servicePid != "" {
		fmt.Printf("\nCPU time per call (user + system, all rounds), microseconds\n%-9s %8s %8s %8s %14s\n",
			"workload", "gateway", "service", "loadgen", "gateway/service")
		for _, w := range workloads {
			n := float64(max(calls[w.name], 1))
			c := cpu[w.name]
			ratio := "-"
			if c.service > 0 {
				ratio = fmt.Sprintf("%.2f", c.gateway/c.service)
			}
			fmt.Printf("%-9s %8.0f %8.0f %8.0f %14s\n", w.name, c.gateway/n*1e6, c.service/n*1e6, c.loadgen/n*1e6, ratio)
		}
	}
	fmt.Println()
	for _, name := range []string{"connect", "grpc-web"} {
		if len(tps[name]) == 0 || len(tps["direct"]) == 0 {
			continue
		}
		over := percentile(lat[name], 0.5) - directP50
		ratio := median(tps[name]) / direct
		verdict := "met"
		if over > 1 || ratio < 0.5 || errs[name] > 0 || errs["direct"] > 0 {
			verdict = "MISSED"
		}
		fmt.Printf("%-9s p50 overhead %.2f ms (target <= 1 ms), throughput %.2f x direct (target >= 0.5): %s\n",
			name, over, ratio, verdict)
	}
}
