// The stream reading kubectl does on every manifest file (cli-runtime's StreamVisitor over apimachinery's
// YAMLOrJSONDecoder), for kubesense's tests: stdin {"streams": [base64...], "yamlDocuments": [base64...]}; stdout
// {"streams": [...], "yamlDocuments": [...]}: per stream, the values it decodes (canonical JSON, as apimachinery's
// json.Unmarshal reads them) and the error that stopped it; per YAML document, sigs.k8s.io/yaml's reading of it
// alone (to tell kubesense's YAML reader apart from its stream reading).
package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

type result struct {
	Values []string `json:"values"`
	Error  string   `json:"error"`
}

func read(stream []byte) result {
	r := result{Values: []string{}}
	d := yaml.NewYAMLOrJSONDecoder(bytes.NewReader(stream), 4096)
	for {
		ext := runtime.RawExtension{}
		if err := d.Decode(&ext); err != nil {
			if err != io.EOF {
				r.Error = err.Error()
			}
			return r
		}
		raw := bytes.TrimSpace(ext.Raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		v, err := canonical(raw)
		if err != nil {
			r.Error = err.Error()
			return r
		}
		r.Values = append(r.Values, v)
	}
}

// canonical is a JSON document as kubectl decodes it, printed by json.Marshal (keys sorted).
func canonical(raw []byte) (string, error) {
	var v interface{}
	if err := utiljson.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func readYAML(doc []byte) result {
	r := result{Values: []string{}}
	j, err := sigsyaml.YAMLToJSON(doc)
	if err == nil {
		var v string
		if v, err = canonical(j); err == nil {
			r.Values = append(r.Values, v)
		}
	}
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

func main() {
	var in struct{ Streams, YAMLDocuments [][]byte }
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	out := struct {
		Streams       []result `json:"streams"`
		YAMLDocuments []result `json:"yamlDocuments"`
	}{make([]result, len(in.Streams)), make([]result, len(in.YAMLDocuments))}
	for i, s := range in.Streams {
		out.Streams[i] = read(s)
	}
	for i, d := range in.YAMLDocuments {
		out.YAMLDocuments[i] = readYAML(d)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
