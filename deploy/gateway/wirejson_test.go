package main

// JSON from wire bytes (wirejson.go) against protojson, on the message with
// every kind of field (jsonwriter_test.go) without its map field, and the
// fallback to decoding for what it does not take.

import (
	"testing"

	"buf.build/go/hyperpb"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

// withoutMaps is everyKindDescriptor without its map field (which the
// bytes writer leaves to the slow way).
func withoutMaps(t testing.TB) protoreflect.MessageDescriptor {
	fdp := protodesc.ToFileDescriptorProto(everyKindDescriptor(t).ParentFile())
	fdp.Name = proto.String("kinds/v1/nomaps.proto")
	fdp.Package = proto.String("nomaps.v1")
	msg := fdp.MessageType[0]
	msg.NestedType = nil
	fields := msg.Field[:0]
	for _, f := range msg.Field {
		if f.GetName() != "labels" {
			if tn := f.GetTypeName(); tn == ".kinds.v1.Every" {
				f.TypeName = proto.String(".nomaps.v1.Every")
			} else if tn == ".kinds.v1.State" {
				f.TypeName = proto.String(".nomaps.v1.State")
			}
			fields = append(fields, f)
		}
	}
	msg.Field = fields
	fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	return fd.Messages().Get(0)
}

func rawAnswerOf(t *testing.T, md protoreflect.MessageDescriptor, wire []byte) *rawAnswer {
	typ := newRawAnswerType(md, hyperpb.CompileMessageDescriptor(md), newWireTables())
	msg := typ.New().Interface()
	if err := proto.Unmarshal(wire, msg); err != nil {
		t.Fatal(err)
	}
	return msg.(*rawAnswer)
}

func TestJSONFromWireWritesWhatProtojsonWrites(t *testing.T) {
	md := withoutMaps(t)
	table := newWireTables().of(md)
	opts := protojson.MarshalOptions{AllowPartial: true}
	for variant := 0; variant < 4; variant++ {
		m := fill(md, variant, 0)
		want, err := opts.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		wire, _ := proto.Marshal(m)
		got, err := table.appendJSON(nil, wire, opts)
		if err != nil {
			t.Fatalf("variant %d: the bytes writer fell back: %v", variant, err)
		}
		sameJSON(t, "from wire", got, want)
		// Through the codec, and binary out as it came in.
		codec := newJSONCodec(nil).(fastJSONCodec)
		raw := rawAnswerOf(t, md, wire)
		if got, err = codec.MarshalAppend(nil, raw); err != nil {
			t.Fatal(err)
		}
		sameJSON(t, "codec", got, want)
		if raw.decoded != nil {
			t.Errorf("variant %d: the answer was decoded", variant)
		}
		if again, _ := proto.Marshal(raw); string(again) != string(wire) {
			t.Errorf("variant %d: binary answer changed", variant)
		}
	}
	if got, _ := table.appendJSON(nil, nil, opts); string(got) != "{}" {
		t.Errorf("empty message: %s", got)
	}
}

func TestJSONFromWireFallsBackToDecoding(t *testing.T) {
	md := withoutMaps(t)
	opts := protojson.MarshalOptions{AllowPartial: true}
	codec := newJSONCodec(nil).(fastJSONCodec)
	a, b := fill(md, 0, 0), fill(md, 3, 0)
	wa, _ := proto.Marshal(a)
	wb, _ := proto.Marshal(b)
	// Two encodings one after the other are their merge: singular fields
	// twice (the last wins) and every list in two runs.
	merged := dynamicpb.NewMessage(md)
	proto.Merge(merged, a)
	proto.Merge(merged, b)
	want, _ := opts.Marshal(merged)
	both := append(append([]byte{}, wa...), wb...)
	if _, err := newWireTables().of(md).appendJSON(nil, both, opts); err != errFallback {
		t.Errorf("two encodings: want the fallback, got %v", err)
	}
	got, err := codec.MarshalAppend(nil, rawAnswerOf(t, md, both))
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "merged", got, want)

	// A repeated scalar not packed, and an unknown field, are taken.
	listInt32 := md.Fields().ByName("list_INT32")
	var wire []byte
	wire = protowire.AppendTag(wire, 999, protowire.BytesType)
	wire = protowire.AppendString(wire, "unknown")
	for _, v := range []int32{3, -4} {
		wire = protowire.AppendTag(wire, listInt32.Number(), protowire.VarintType)
		wire = protowire.AppendVarint(wire, uint64(v))
	}
	got, err = newWireTables().of(md).appendJSON(nil, wire, opts)
	if err != nil || string(got) != `{"listINT32":[3,-4]}` {
		t.Errorf("unpacked list: %s %v", got, err)
	}

	// Invalid UTF-8 and cut bytes: refused, as protojson and the decoder do.
	text := md.Fields().ByName("single_STRING")
	bad := protowire.AppendTag(nil, text.Number(), protowire.BytesType)
	bad = protowire.AppendBytes(bad, []byte{0xff, 0xfe})
	if _, err := codec.MarshalAppend(nil, rawAnswerOf(t, md, bad)); err == nil {
		t.Errorf("invalid UTF-8 was written")
	}
	cut := protowire.AppendTag(append([]byte{}, wa...), text.Number(), protowire.BytesType)
	cut = append(protowire.AppendVarint(cut, 10), "abc"...) // 10 bytes announced, 3 there
	if _, err := codec.MarshalAppend(nil, rawAnswerOf(t, md, cut)); err == nil {
		t.Errorf("cut bytes were written")
	}

	// A map field: the slow way, same answer.
	every := everyKindDescriptor(t)
	m := fill(every, 2, 0)
	want, _ = opts.Marshal(m)
	wire, _ = proto.Marshal(m)
	if got, err = codec.MarshalAppend(nil, rawAnswerOf(t, every, wire)); err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "with a map", got, want)
}

// go test -bench AnswerJSON: an answer to JSON from its bytes, and the way
// before (decoded into hyperpb, then written from the message): about 2x
// here, where the FieldMask and wrapper fields still go through protojson;
// about 4x on a 20-offering catalogue search answer, which has none.
func BenchmarkAnswerJSON(b *testing.B) {
	md := withoutMaps(b)
	wire, _ := proto.Marshal(fill(md, 0, 0))
	opts := protojson.MarshalOptions{}
	b.Run("from-bytes", func(b *testing.B) {
		table := newWireTables().of(md)
		var out []byte
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			out, _ = table.appendJSON(out[:0], wire, opts)
		}
		b.SetBytes(int64(len(wire)))
	})
	b.Run("decoded", func(b *testing.B) {
		hyper := hyperpb.CompileMessageDescriptor(md)
		var out []byte
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			m := hyperpb.NewMessage(hyper)
			proto.Unmarshal(wire, m)
			out, _ = appendJSONMessage(out[:0], m.ProtoReflect(), opts)
		}
		b.SetBytes(int64(len(wire)))
	})
}
