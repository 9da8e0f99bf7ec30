// Prints how Go itself resolves YAML scalars and formats float64s, for go-vectors.test.ts beside this folder.
// Input on stdin: {"scalars": [...], "floats": [...], "documents": [...]}; output on stdout: JSON ("documents"
// gives the error go-yaml's yaml.Unmarshal returns for each text, "" when none). It uses the exact module kubectl
// and the API server read YAML through (sigs.k8s.io/yaml over go-yaml v2).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	goyaml "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"
)

type input struct {
	Scalars   []string `json:"scalars"`
	Floats    []string `json:"floats"`
	Documents []string `json:"documents"`
}

type scalarOut struct {
	JSON string `json:"json,omitempty"`
	Err  string `json:"err,omitempty"`
}

type printed struct {
	Sprint string `json:"sprint"`
	JSON   string `json:"json"`
	YAML   string `json:"yaml"`
}

type floatOut struct {
	G       string  `json:"g"`
	E       string  `json:"e"`
	F       string  `json:"f"`
	Float   printed `json:"float"`
	Decoded printed `json:"decoded"`
}

func printAll(v interface{}) printed {
	j, _ := json.Marshal(v)
	y, _ := yaml.Marshal(map[string]interface{}{"v": v})
	return printed{Sprint: fmt.Sprint(v), JSON: string(j), YAML: string(y)}
}

func unmarshalError(d string) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("panic: ", r)
		}
	}()
	var v interface{}
	if err := goyaml.Unmarshal([]byte(d), &v); err != nil {
		return err.Error()
	}
	return ""
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := struct {
		Scalars   []scalarOut `json:"scalars"`
		Floats    []floatOut  `json:"floats"`
		Documents []string    `json:"documents"`
	}{Scalars: []scalarOut{}, Floats: []floatOut{}, Documents: []string{}}
	for _, d := range in.Documents {
		out.Documents = append(out.Documents, unmarshalError(d))
	}
	for _, s := range in.Scalars {
		j, err := yaml.YAMLToJSON([]byte("v: " + s + "\n"))
		if err != nil {
			out.Scalars = append(out.Scalars, scalarOut{Err: err.Error()})
		} else {
			out.Scalars = append(out.Scalars, scalarOut{JSON: string(j)})
		}
	}
	for _, s := range in.Floats {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		o := floatOut{
			G:     strconv.FormatFloat(f, 'g', -1, 64),
			E:     strconv.FormatFloat(f, 'e', -1, 64),
			F:     strconv.FormatFloat(f, 'f', -1, 64),
			Float: printAll(f),
		}
		// The same number as the API server sends it (json.Marshal) and kubectl decodes it into unstructured
		// content: int64 when the literal is integral, else float64.
		j, _ := json.Marshal(f)
		dec := json.NewDecoder(bytes.NewReader(j))
		dec.UseNumber()
		var n json.Number
		_ = dec.Decode(&n)
		if i, err := n.Int64(); err == nil {
			o.Decoded = printAll(i)
		} else {
			d, _ := n.Float64()
			o.Decoded = printAll(d)
		}
		out.Floats = append(out.Floats, o)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}
