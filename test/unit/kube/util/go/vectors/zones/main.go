// Prints how Go shows moments in time zones, for zoneinfo.test.ts: stdin is {"zones": [...], "secs": [...]};
// each zone is loaded with time.LoadLocation (the loader time.Local uses), "Local" is time.Local as this
// process's TZ made it. Output: per zone, per second, Time.String() and the RFC1123Z format.
package main

import (
	"encoding/json"
	"os"
	"time"
)

func main() {
	var in struct {
		Zones []string `json:"zones"`
		Secs  []int64  `json:"secs"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	out := map[string][][2]string{}
	for _, name := range in.Zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		rows := make([][2]string, 0, len(in.Secs))
		for _, s := range in.Secs {
			t := time.Unix(s, 0).In(loc)
			rows = append(rows, [2]string{t.String(), t.Format(time.RFC1123Z)})
		}
		out[name] = rows
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
