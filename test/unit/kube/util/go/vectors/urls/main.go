// Prints url.Parse(s).String() (or "ERROR") for each string of the JSON array on stdin, for url.test.ts.
package main

import (
	"encoding/json"
	"net/url"
	"os"
)

func main() {
	var in []string
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	out := make([]string, len(in))
	for i, s := range in {
		u, err := url.Parse(s)
		if err != nil {
			out[i] = "ERROR"
		} else {
			out[i] = u.String()
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
