package main

// The APIs the gateway serves come from one descriptor set that `buf build`
// writes from proto/ (imports included); no generated Go code is involved.
// Two things are layered on the loaded descriptors, never on the protos:
//   - Connect GET for the public reads named in LIFELONG_GATEWAY_GET_METHODS
//     (methods a released proto cannot mark NO_SIDE_EFFECTS without breaking
//     its contract; new RPCs carry the option in their proto instead);
//   - REST paths (google.api.Http rules, rest_rules.json), since the protos
//     carry no google.api.http annotations (the C++ build has no googleapis).

import (
	_ "embed"
	"fmt"
	"os"
	"strings"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

//go:embed rest_rules.json
var builtinRESTRules []byte

// loadDescriptors reads a binary FileDescriptorSet and marks getMethods
// NO_SIDE_EFFECTS; it names any of them that it does not find.
func loadDescriptors(path string, getMethods []string) (*protoregistry.Files, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("descriptor set: %w", err)
	}
	set := &descriptorpb.FileDescriptorSet{}
	if err := proto.Unmarshal(raw, set); err != nil {
		return nil, fmt.Errorf("descriptor set %s: %w", path, err)
	}
	return filesOf(set, getMethods)
}

func filesOf(set *descriptorpb.FileDescriptorSet, getMethods []string) (*protoregistry.Files, error) {
	want := map[string]bool{}
	for _, m := range getMethods {
		want[m] = true
	}
	for _, f := range set.File {
		for _, s := range f.Service {
			for _, m := range s.Method {
				full := f.GetPackage() + "." + s.GetName() + "." + m.GetName()
				if !want[full] {
					continue
				}
				delete(want, full)
				if m.Options == nil {
					m.Options = &descriptorpb.MethodOptions{}
				}
				m.Options.IdempotencyLevel = descriptorpb.MethodOptions_NO_SIDE_EFFECTS.Enum()
			}
		}
	}
	if len(want) > 0 {
		var missing []string
		for m := range want {
			missing = append(missing, m)
		}
		return nil, fmt.Errorf("LIFELONG_GATEWAY_GET_METHODS: not in the descriptor set: %s", strings.Join(missing, ", "))
	}
	files, err := protodesc.NewFiles(set)
	if err != nil {
		return nil, fmt.Errorf("descriptor set: %w", err)
	}
	return files, nil
}

// servicesOf lists every service in the files whose package has an upstream.
func servicesOf(files *protoregistry.Files, ups []upstream) map[string][]protoreflect.ServiceDescriptor {
	out := map[string][]protoreflect.ServiceDescriptor{}
	files.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		for _, u := range ups {
			if string(fd.Package()) != u.pkg {
				continue
			}
			for i := 0; i < fd.Services().Len(); i++ {
				out[u.pkg] = append(out[u.pkg], fd.Services().Get(i))
			}
		}
		return true
	})
	return out
}

// restRules reads the REST mapping (built in, or the file given) and keeps
// the rules whose method is served; the others are returned by name, so that
// a gateway in front of fewer services still starts.
func restRules(path string, files *protoregistry.Files, served map[string]bool) ([]*annotations.HttpRule, []string, error) {
	raw := builtinRESTRules
	if path != "" {
		var err error
		if raw, err = os.ReadFile(path); err != nil {
			return nil, nil, fmt.Errorf("LIFELONG_GATEWAY_REST_RULES: %w", err)
		}
	}
	httpConfig := &annotations.Http{}
	if err := protojson.Unmarshal(raw, httpConfig); err != nil {
		return nil, nil, fmt.Errorf("REST rules: %w", err)
	}
	var kept []*annotations.HttpRule
	var skipped []string
	for _, r := range httpConfig.Rules {
		d, err := files.FindDescriptorByName(protoreflect.FullName(r.Selector))
		if err != nil {
			skipped = append(skipped, r.Selector)
			continue
		}
		m, ok := d.(protoreflect.MethodDescriptor)
		if !ok {
			return nil, nil, fmt.Errorf("REST rules: %s is not a method", r.Selector)
		}
		if !served[string(m.Parent().FullName())] {
			skipped = append(skipped, r.Selector)
			continue
		}
		kept = append(kept, r)
	}
	return kept, skipped, nil
}
