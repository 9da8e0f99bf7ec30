// Prints what Go makes of strings, for stringVectors.test.ts: stdin is {"sprintf": [...], "urls": [...]};
// "sprintf": fmt.Sprintf(s) with no arguments (kubectl's describers put values into format strings);
// "urls": url.Parse(s).String(), or "ERROR".
package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
)

func main() {
	var in struct {
		Sprintf []string `json:"sprintf"`
		URLs    []string `json:"urls"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	out := map[string][]string{"sprintf": {}, "urls": {}}
	for _, s := range in.Sprintf {
		out["sprintf"] = append(out["sprintf"], fmt.Sprintf(s))
	}
	for _, s := range in.URLs {
		if u, err := url.Parse(s); err != nil {
			out["urls"] = append(out["urls"], "ERROR")
		} else {
			out["urls"] = append(out["urls"], u.String())
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
