package main

// The message types the transcoder decodes into. Answers (method outputs)
// are read-only for a gateway: they keep the service's bytes
// (rawanswer.go), written to JSON straight from them (wirejson.go) and
// decoded, only when something looks inside, into hyperpb's compiled
// dynamic messages (several times faster to parse than dynamicpb's).
// Requests stay dynamicpb (JSON and REST build them field by field).
// google.rpc detail types inside errors come from the registry linked into
// the gateway.

import (
	"strings"

	"buf.build/go/hyperpb"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

type gatewayTypes struct {
	answers map[protoreflect.FullName]protoreflect.MessageType
	dynamic *dynamicpb.Types
}

func newGatewayTypes(files *protoregistry.Files, services []protoreflect.ServiceDescriptor) *gatewayTypes {
	t := &gatewayTypes{answers: map[protoreflect.FullName]protoreflect.MessageType{}, dynamic: dynamicpb.NewTypes(files)}
	tables := newWireTables()
	inputs := map[protoreflect.FullName]bool{}
	for _, sd := range services {
		for i := 0; i < sd.Methods().Len(); i++ {
			inputs[sd.Methods().Get(i).Input().FullName()] = true
		}
	}
	for _, sd := range services {
		for i := 0; i < sd.Methods().Len(); i++ {
			out := sd.Methods().Get(i).Output()
			if !inputs[out.FullName()] { // a type that is also a request must stay writable
				t.answers[out.FullName()] = newRawAnswerType(out, hyperpb.CompileMessageDescriptor(out), tables)
			}
		}
	}
	return t
}

func (t *gatewayTypes) FindMessageByName(name protoreflect.FullName) (protoreflect.MessageType, error) {
	if mt, ok := t.answers[name]; ok {
		return mt, nil
	}
	if mt, err := t.dynamic.FindMessageByName(name); err == nil {
		return mt, nil
	}
	return protoregistry.GlobalTypes.FindMessageByName(name)
}

func (t *gatewayTypes) FindMessageByURL(url string) (protoreflect.MessageType, error) {
	return t.FindMessageByName(protoreflect.FullName(url[strings.LastIndex(url, "/")+1:]))
}

func (t *gatewayTypes) FindExtensionByName(name protoreflect.FullName) (protoreflect.ExtensionType, error) {
	if xt, err := t.dynamic.FindExtensionByName(name); err == nil {
		return xt, nil
	}
	return protoregistry.GlobalTypes.FindExtensionByName(name)
}

func (t *gatewayTypes) FindExtensionByNumber(message protoreflect.FullName, n protoreflect.FieldNumber) (protoreflect.ExtensionType, error) {
	if xt, err := t.dynamic.FindExtensionByNumber(message, n); err == nil {
		return xt, nil
	}
	return protoregistry.GlobalTypes.FindExtensionByNumber(message, n)
}
