// Command eval scores the router on fixtures/scenarios (`make eval`).
//
//	go run ./guidance/eval/cmd [-v] [-guidance FILE] [DIR]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/guidance/eval"
)

func main() {
	verbose := flag.Bool("v", false, "list every scenario the router gets wrong")
	pack := flag.String("guidance", "", "guidance pack file (default: the built-in pack)")
	flag.Parse()
	dir := "fixtures/scenarios"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	p, err := guidance.Default()
	if *pack != "" {
		p, err = guidance.LoadFile(*pack)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(2)
	}
	sc, err := eval.Load(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(2)
	}
	rep := eval.Run(p, sc)
	rep.Print(os.Stdout, *verbose)
	if rep.Under > 0 || rep.SpecialRecall() < 1 || rep.RouteAccuracy() < 0.9 {
		os.Exit(1)
	}
}
