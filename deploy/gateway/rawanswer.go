package main

// Answers kept as the service's bytes. The transcoder "decodes" a service's
// answer only to encode it again for the client, so the answer types
// (types.go) make messages that keep the wire bytes: binary protobuf goes
// out as it came in, and JSON is written straight from the bytes
// (wirejson.go) without building a message. Anything else that looks inside
// (reflection, protojson) gets the answer decoded on first use into
// hyperpb's compiled message, read-only as before.
//
//	t := newRawAnswerType(md, hyperpb.CompileMessageDescriptor(md))
//	msg := t.New().Interface()          // what the transcoder asks the resolver for
//	proto.Unmarshal(wire, msg)          // keeps a copy of wire
//	json, _ := fastJSONCodec{...}.MarshalAppend(nil, msg)

import (
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/runtime/protoiface"
)

type rawAnswerType struct {
	md    protoreflect.MessageDescriptor
	hyper protoreflect.MessageType // decodes for reflective use
	json  *wireTable               // nil: JSON always through the decoded message
}

func newRawAnswerType(md protoreflect.MessageDescriptor, hyper protoreflect.MessageType, tables *wireTables) *rawAnswerType {
	t := &rawAnswerType{md: md, hyper: hyper}
	if tables != nil {
		t.json = tables.of(md)
	}
	return t
}

func (t *rawAnswerType) New() protoreflect.Message                  { return rawReflect{&rawAnswer{t: t}} }
func (t *rawAnswerType) Zero() protoreflect.Message                 { return rawReflect{&rawAnswer{t: t}} }
func (t *rawAnswerType) Descriptor() protoreflect.MessageDescriptor { return t.md }

// rawAnswer is one answer: its wire bytes, and the decoded message once
// something needed it.
type rawAnswer struct {
	t       *rawAnswerType
	raw     []byte
	decoded proto.Message
	err     error // from decoding raw
}

func (r *rawAnswer) ProtoReflect() protoreflect.Message { return rawReflect{r} }

func (r *rawAnswer) Reset() { r.raw, r.decoded, r.err = r.raw[:0], nil, nil }

// message decodes the bytes (once) for reflective use.
func (r *rawAnswer) message() (protoreflect.Message, error) {
	if r.decoded == nil {
		m := r.t.hyper.New().Interface()
		r.err = proto.UnmarshalOptions{AllowPartial: true}.Unmarshal(r.raw, m)
		r.decoded = m
	}
	return r.decoded.ProtoReflect(), r.err
}

func (r *rawAnswer) reflect() protoreflect.Message {
	m, _ := r.message()
	return m
}

// rawReflect is protoreflect.Message over a rawAnswer: reads go to the
// decoded message; marshalling and unmarshalling use the bytes (methods).
type rawReflect struct{ r *rawAnswer }

func (m rawReflect) Descriptor() protoreflect.MessageDescriptor { return m.r.t.md }
func (m rawReflect) Type() protoreflect.MessageType             { return m.r.t }
func (m rawReflect) New() protoreflect.Message                  { return m.r.t.New() }
func (m rawReflect) Interface() protoreflect.ProtoMessage       { return m.r }
func (m rawReflect) Range(f func(protoreflect.FieldDescriptor, protoreflect.Value) bool) {
	m.r.reflect().Range(f)
}
func (m rawReflect) Has(fd protoreflect.FieldDescriptor) bool { return m.r.reflect().Has(fd) }
func (m rawReflect) Clear(fd protoreflect.FieldDescriptor)    { m.r.reflect().Clear(fd) }
func (m rawReflect) Get(fd protoreflect.FieldDescriptor) protoreflect.Value {
	return m.r.reflect().Get(fd)
}
func (m rawReflect) Set(fd protoreflect.FieldDescriptor, v protoreflect.Value) {
	m.r.reflect().Set(fd, v)
}
func (m rawReflect) Mutable(fd protoreflect.FieldDescriptor) protoreflect.Value {
	return m.r.reflect().Mutable(fd)
}
func (m rawReflect) NewField(fd protoreflect.FieldDescriptor) protoreflect.Value {
	return m.r.reflect().NewField(fd)
}
func (m rawReflect) WhichOneof(od protoreflect.OneofDescriptor) protoreflect.FieldDescriptor {
	return m.r.reflect().WhichOneof(od)
}
func (m rawReflect) GetUnknown() protoreflect.RawFields    { return m.r.reflect().GetUnknown() }
func (m rawReflect) SetUnknown(raw protoreflect.RawFields) { m.r.reflect().SetUnknown(raw) }
func (m rawReflect) IsValid() bool                         { return true }
func (m rawReflect) ProtoMethods() *protoiface.Methods     { return &rawMethods }

// rawMethods: the wire bytes are the message. Unmarshal appends (protobuf's
// merge of two encodings is their concatenation) and copies, as the
// transcoder reuses its buffers.
var rawMethods = protoiface.Methods{
	Flags: protoiface.SupportMarshalDeterministic | protoiface.SupportUnmarshalDiscardUnknown,
	Size: func(in protoiface.SizeInput) protoiface.SizeOutput {
		return protoiface.SizeOutput{Size: len(in.Message.(rawReflect).r.raw)}
	},
	Marshal: func(in protoiface.MarshalInput) (protoiface.MarshalOutput, error) {
		return protoiface.MarshalOutput{Buf: append(in.Buf, in.Message.(rawReflect).r.raw...)}, nil
	},
	Unmarshal: func(in protoiface.UnmarshalInput) (protoiface.UnmarshalOutput, error) {
		r := in.Message.(rawReflect).r
		r.raw = append(r.raw, in.Buf...)
		r.decoded, r.err = nil, nil
		return protoiface.UnmarshalOutput{}, nil
	},
	CheckInitialized: func(protoiface.CheckInitializedInput) (protoiface.CheckInitializedOutput, error) {
		return protoiface.CheckInitializedOutput{}, nil // proto3: nothing is required
	},
}
