// Prints fmt.Sprintf(s) with no arguments for each string of the JSON array on stdin, for fmt.test.ts
// (kubectl's describers put values into format strings).
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	var in []string
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = fmt.Sprintf(s)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
