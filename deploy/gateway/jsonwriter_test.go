package main

// The JSON writer against protojson on one message with every kind of field,
// as dynamicpb and as hyperpb (the gateway's answers), compared as JSON
// values (protojson adds random spaces to its output).

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"buf.build/go/hyperpb"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func everyKindDescriptor(t testing.TB) protoreflect.MessageDescriptor {
	T := descriptorpb.FieldDescriptorProto_Type(0)
	_ = T
	opt := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum()
	rep := descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum()
	var fields []*descriptorpb.FieldDescriptorProto
	add := func(name string, typ descriptorpb.FieldDescriptorProto_Type, label *descriptorpb.FieldDescriptorProto_Label, typeName string) {
		f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(int32(len(fields) + 1)),
			Type: typ.Enum(), Label: label}
		if typeName != "" {
			f.TypeName = proto.String(typeName)
		}
		fields = append(fields, f)
	}
	for _, k := range []descriptorpb.FieldDescriptorProto_Type{
		descriptorpb.FieldDescriptorProto_TYPE_DOUBLE, descriptorpb.FieldDescriptorProto_TYPE_FLOAT,
		descriptorpb.FieldDescriptorProto_TYPE_INT64, descriptorpb.FieldDescriptorProto_TYPE_UINT64,
		descriptorpb.FieldDescriptorProto_TYPE_INT32, descriptorpb.FieldDescriptorProto_TYPE_FIXED64,
		descriptorpb.FieldDescriptorProto_TYPE_FIXED32, descriptorpb.FieldDescriptorProto_TYPE_BOOL,
		descriptorpb.FieldDescriptorProto_TYPE_STRING, descriptorpb.FieldDescriptorProto_TYPE_BYTES,
		descriptorpb.FieldDescriptorProto_TYPE_UINT32, descriptorpb.FieldDescriptorProto_TYPE_SFIXED32,
		descriptorpb.FieldDescriptorProto_TYPE_SFIXED64, descriptorpb.FieldDescriptorProto_TYPE_SINT32,
		descriptorpb.FieldDescriptorProto_TYPE_SINT64,
	} {
		add("single_"+k.String()[5:], k, opt, "")
		add("list_"+k.String()[5:], k, rep, "")
	}
	msg := descriptorpb.FieldDescriptorProto_TYPE_MESSAGE
	add("state", descriptorpb.FieldDescriptorProto_TYPE_ENUM, opt, ".kinds.v1.State")
	add("states", descriptorpb.FieldDescriptorProto_TYPE_ENUM, rep, ".kinds.v1.State")
	add("child", msg, opt, ".kinds.v1.Every")
	add("children", msg, rep, ".kinds.v1.Every")
	add("when", msg, opt, ".google.protobuf.Timestamp")
	add("whens", msg, rep, ".google.protobuf.Timestamp")
	add("how_long", msg, opt, ".google.protobuf.Duration")
	add("mask", msg, opt, ".google.protobuf.FieldMask")
	add("maybe", msg, opt, ".google.protobuf.StringValue")
	add("labels", msg, rep, ".kinds.v1.Every.LabelsEntry")
	add("choice_text", descriptorpb.FieldDescriptorProto_TYPE_STRING, opt, "")
	fields[len(fields)-1].OneofIndex = proto.Int32(0)
	add("choice_number", descriptorpb.FieldDescriptorProto_TYPE_INT32, opt, "")
	fields[len(fields)-1].OneofIndex = proto.Int32(0)
	for _, f := range fields {
		f.JsonName = proto.String(jsonCamel(f.GetName()))
	}
	file := &descriptorpb.FileDescriptorProto{
		Name: proto.String("kinds/v1/kinds.proto"), Package: proto.String("kinds.v1"), Syntax: proto.String("proto3"),
		Dependency: []string{"google/protobuf/timestamp.proto", "google/protobuf/duration.proto",
			"google/protobuf/field_mask.proto", "google/protobuf/wrappers.proto"},
		EnumType: []*descriptorpb.EnumDescriptorProto{{Name: proto.String("State"), Value: []*descriptorpb.EnumValueDescriptorProto{
			{Name: proto.String("STATE_UNSPECIFIED"), Number: proto.Int32(0)}, {Name: proto.String("STATE_OPEN"), Number: proto.Int32(1)}}}},
		MessageType: []*descriptorpb.DescriptorProto{{
			Name: proto.String("Every"), Field: fields,
			OneofDecl: []*descriptorpb.OneofDescriptorProto{{Name: proto.String("choice")}},
			NestedType: []*descriptorpb.DescriptorProto{{
				Name: proto.String("LabelsEntry"), Options: &descriptorpb.MessageOptions{MapEntry: proto.Bool(true)},
				Field: []*descriptorpb.FieldDescriptorProto{
					{Name: proto.String("key"), Number: proto.Int32(1), Type: descriptorpb.FieldDescriptorProto_TYPE_STRING.Enum(), Label: opt, JsonName: proto.String("key")},
					{Name: proto.String("value"), Number: proto.Int32(2), Type: descriptorpb.FieldDescriptorProto_TYPE_INT64.Enum(), Label: opt, JsonName: proto.String("value")},
				}}},
		}},
	}
	set := &descriptorpb.FileDescriptorSet{File: []*descriptorpb.FileDescriptorProto{
		protodesc.ToFileDescriptorProto(timestamppb.File_google_protobuf_timestamp_proto),
		protodesc.ToFileDescriptorProto(durationpb.File_google_protobuf_duration_proto),
		protodesc.ToFileDescriptorProto(fieldmaskpb.File_google_protobuf_field_mask_proto),
		protodesc.ToFileDescriptorProto(wrapperspb.File_google_protobuf_wrappers_proto),
		file}}
	files, err := protodesc.NewFiles(set)
	if err != nil {
		t.Fatal(err)
	}
	d, err := files.FindDescriptorByName("kinds.v1.Every")
	if err != nil {
		t.Fatal(err)
	}
	return d.(protoreflect.MessageDescriptor)
}

func jsonCamel(s string) string {
	out := []byte{}
	up := false
	for i := 0; i < len(s); i++ {
		if s[i] == '_' {
			up = true
			continue
		}
		c := s[i]
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		out = append(out, c)
	}
	return string(out)
}

func fill(md protoreflect.MessageDescriptor, variant int, depth int) *dynamicpb.Message {
	m := dynamicpb.NewMessage(md)
	for i := 0; i < md.Fields().Len(); i++ {
		fd := md.Fields().Get(i)
		if fd.ContainingOneof() != nil {
			continue
		}
		value := func(n int) (protoreflect.Value, bool) {
			switch fd.Kind() {
			case protoreflect.DoubleKind:
				return protoreflect.ValueOfFloat64([]float64{1.5, math.NaN(), math.Inf(-1), 1e300, -0.000123}[n%5]), true
			case protoreflect.FloatKind:
				return protoreflect.ValueOfFloat32([]float32{2.25, float32(math.Inf(1)), 3.4e38, 1e-7}[n%4]), true
			case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
				return protoreflect.ValueOfInt64([]int64{-9007199254740993, 42, math.MinInt64}[n%3]), true
			case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
				return protoreflect.ValueOfUint64([]uint64{math.MaxUint64, 7}[n%2]), true
			case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
				return protoreflect.ValueOfInt32([]int32{-5, math.MaxInt32}[n%2]), true
			case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
				return protoreflect.ValueOfUint32(math.MaxUint32 - uint32(n)), true
			case protoreflect.BoolKind:
				return protoreflect.ValueOfBool(n%2 == 0), true
			case protoreflect.StringKind:
				return protoreflect.ValueOfString([]string{"탄소중립 \"생활\" \\ 실천", "tab\there\nnewline\x01\x1f</script>&", "😀 U+2028:\u2028"}[n%3]), true
			case protoreflect.BytesKind:
				return protoreflect.ValueOfBytes([]byte{0, 1, 2, 250, 251, byte(n)}), true
			case protoreflect.EnumKind:
				return protoreflect.ValueOfEnum(protoreflect.EnumNumber([]int{1, 7}[n%2])), true // 7: no name
			}
			return protoreflect.Value{}, false
		}
		switch {
		case fd.IsMap():
			mm := m.Mutable(fd).Map()
			for _, k := range []string{"zeta", "alpha", "미사"} {
				mm.Set(protoreflect.ValueOfString(k).MapKey(), protoreflect.ValueOfInt64(int64(len(k))))
			}
		case fd.Message() != nil:
			var sub proto.Message
			switch fd.Message().FullName() {
			case "google.protobuf.Timestamp":
				sub = []*timestamppb.Timestamp{{Seconds: 1803895200}, {Seconds: -1, Nanos: 500_000_000}, {Seconds: 1, Nanos: 1000}, {Seconds: 253402300799, Nanos: 999_999_999}}[(variant+depth)%4]
			case "google.protobuf.Duration":
				sub = []*durationpb.Duration{{Seconds: 884}, {Seconds: -3, Nanos: -250_000_000}, {Nanos: 1}}[variant%3]
			case "google.protobuf.FieldMask":
				sub = &fieldmaskpb.FieldMask{Paths: []string{"title.ko", "update_mask"}}
			case "google.protobuf.StringValue":
				sub = wrapperspb.String("")
			default:
				if depth > 1 {
					continue
				}
				v := fill(fd.Message(), variant+1, depth+1)
				if fd.IsList() {
					m.Mutable(fd).List().Append(protoreflect.ValueOfMessage(v))
					m.Mutable(fd).List().Append(protoreflect.ValueOfMessage(fill(fd.Message(), variant+2, depth+1)))
				} else {
					m.Set(fd, protoreflect.ValueOfMessage(v))
				}
				continue
			}
			raw, _ := proto.Marshal(sub)
			v := dynamicpb.NewMessage(fd.Message())
			proto.Unmarshal(raw, v)
			if fd.IsList() {
				m.Mutable(fd).List().Append(protoreflect.ValueOfMessage(v))
			} else {
				m.Set(fd, protoreflect.ValueOfMessage(v))
			}
		case fd.IsList():
			for n := 0; n < 4; n++ {
				if v, ok := value(n + variant); ok {
					m.Mutable(fd).List().Append(v)
				}
			}
		default:
			if v, ok := value(variant); ok {
				m.Set(fd, v)
			}
		}
	}
	if variant%2 == 0 {
		m.Set(md.Fields().ByName("choice_number"), protoreflect.ValueOfInt32(0)) // set to zero: still written
	} else {
		m.Set(md.Fields().ByName("choice_text"), protoreflect.ValueOfString("hi"))
	}
	return m
}

func sameJSON(t *testing.T, what string, got, want []byte) {
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: writer wrote invalid JSON: %v\n%s", what, err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s differs from protojson:\n writer:    %s\n protojson: %s", what, got, want)
	}
}

func TestJSONWriterWritesWhatProtojsonWrites(t *testing.T) {
	md := everyKindDescriptor(t)
	opts := protojson.MarshalOptions{AllowPartial: true}
	hyper := hyperpb.CompileMessageDescriptor(md)
	for variant := 0; variant < 4; variant++ {
		m := fill(md, variant, 0)
		want, err := opts.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSONMessage(nil, m, opts)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, "dynamicpb", got, want)

		raw, _ := proto.Marshal(m)
		h := hyperpb.NewMessage(hyper)
		if err := proto.Unmarshal(raw, h); err != nil {
			t.Fatal(err)
		}
		got, err = appendJSONMessage(nil, h.ProtoReflect(), opts)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, "hyperpb", got, want)
	}
	// Empty message, and a Timestamp out of range (protojson refuses it too).
	got, _ := appendJSONMessage(nil, dynamicpb.NewMessage(md), opts)
	if string(got) != "{}" {
		t.Errorf("empty message: %s", got)
	}
	bad := dynamicpb.NewMessage(md)
	ts := dynamicpb.NewMessage(md.Fields().ByName("when").Message())
	ts.Set(ts.Descriptor().Fields().ByNumber(1), protoreflect.ValueOfInt64(1<<60))
	bad.Set(md.Fields().ByName("when"), protoreflect.ValueOfMessage(ts))
	if _, err := appendJSONMessage(nil, bad, opts); err == nil {
		t.Errorf("a Timestamp out of range was written")
	}
}

func TestDateTimeAsTimeFormatsIt(t *testing.T) {
	for _, secs := range []int64{-62135596800, -62135596799, -86401, -86400, -1, 0, 1, 951782400, 951868800,
		1803895200, 4107542399, 253402300799} {
		want := time.Unix(secs, 0).UTC().Format("2006-01-02T15:04:05")
		if got := string(appendDateTime(nil, secs)); got != want {
			t.Errorf("%d: %s, want %s", secs, got, want)
		}
	}
	for secs := int64(-62135596800); secs < 253402300799; secs += 86400*37 + 3671 {
		if got, want := string(appendDateTime(nil, secs)), time.Unix(secs, 0).UTC().Format("2006-01-02T15:04:05"); got != want {
			t.Fatalf("%d: %s, want %s", secs, got, want)
		}
	}
}
