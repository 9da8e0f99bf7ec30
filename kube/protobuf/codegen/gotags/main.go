// Prints, as JSON, what the protobuf schema does not say but the JSON wire format depends on: for every
// built-in kind the proto message it is encoded as, and for every message field its JSON name, omitempty and
// inline flags (the Go struct tags of k8s.io/api and k8s.io/apimachinery). Run by kube/protobuf/codegen.
package main

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"

	"k8s.io/client-go/kubernetes/scheme"
)

type field struct {
	JSON      string `json:"json,omitempty"`
	OmitEmpty bool   `json:"omitempty,omitempty"`
	OmitZero  bool   `json:"omitzero,omitempty"`
	Inline    bool   `json:"inline,omitempty"`
	// Pointer: nil is absent on the wire and omitted in JSON; a set zero value is still written.
	Pointer bool `json:"pointer,omitempty"`
}

func messageName(t reflect.Type) string {
	return strings.ReplaceAll(t.PkgPath(), "/", ".") + "." + t.Name()
}

func main() {
	kinds := map[string]string{}
	messages := map[string]map[string]field{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() == "" {
			return
		}
		name := messageName(t)
		if _, seen := messages[name]; seen {
			return
		}
		fields := map[string]field{}
		messages[name] = fields
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			pb := f.Tag.Get("protobuf")
			if pb == "" || pb == "-" {
				continue
			}
			var protoName string
			for _, part := range strings.Split(pb, ",") {
				if strings.HasPrefix(part, "name=") {
					protoName = strings.TrimPrefix(part, "name=")
				}
			}
			tag := strings.Split(f.Tag.Get("json"), ",")
			out := field{JSON: tag[0], Pointer: f.Type.Kind() == reflect.Pointer}
			for _, opt := range tag[1:] {
				out.OmitEmpty = out.OmitEmpty || opt == "omitempty"
				out.OmitZero = out.OmitZero || opt == "omitzero"
				out.Inline = out.Inline || opt == "inline"
			}
			if out.JSON == "" && !out.Inline {
				out.JSON = f.Name
			}
			fields[protoName] = out
			walk(f.Type)
		}
	}
	for gvk, t := range scheme.Scheme.AllKnownTypes() {
		if gvk.Version == "__internal" || !strings.HasPrefix(t.PkgPath(), "k8s.io/") {
			continue
		}
		kinds[gvk.GroupVersion().String()+"/"+gvk.Kind] = messageName(t)
		walk(t)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(map[string]any{"kinds": kinds, "messages": messages}); err != nil {
		panic(err)
	}
}
