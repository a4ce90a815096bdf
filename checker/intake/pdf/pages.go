package pdf

import (
	"fmt"

	lpdf "github.com/ledongthuc/pdf"
)

// pageRef is a page dictionary with the resources it inherits.
type pageRef struct {
	v   lpdf.Value
	res *resDict
	key string // the page dictionary's text, used as its identity
}

// walkPages collects the leaves of the page tree from Root/Pages, passing
// /Resources down from ancestors (so /Parent is never followed). It stops
// at MaxPages, and a visit budget and depth limit make cycles harmless:
// Value has no usable object identity for a visited set. It never calls
// Reader.Page, which loops on a self-referencing tree and re-walks the
// tree from the root for every page.
func (x *extractor) walkPages() (pages []pageRef, ok bool) {
	visits := 0
	capped, budget := false, false
	seen := map[string]bool{} // leaves by dictionary text: a loop must not repeat a page
	// walk visits node, read from parent. Pages that inherit the same
	// /Resources share one *resDict.
	var walk func(node, parent lpdf.Value, res *resDict, depth int)
	walk = func(node, parent lpdf.Value, res *resDict, depth int) {
		if len(pages) >= x.lim.MaxPages {
			capped = true
			return
		}
		visits++
		if visits > x.lim.MaxTreeVisits || depth > x.lim.MaxTreeDepth {
			budget = true
			return
		}
		if node.Kind() != lpdf.Dict {
			return
		}
		if r := node.Key("Resources"); r.Kind() == lpdf.Dict {
			res = x.resDictFor(r, node)
		}
		kids := node.Key("Kids")
		typ := node.Key("Type").Name()
		if typ == "Pages" || (typ != "Page" && kids.Kind() == lpdf.Array) {
			n := kids.Len()
			for i := 0; i < n && !capped && !budget; i++ {
				func() {
					defer func() {
						if recover() != nil {
							x.warn(fmt.Sprintf("page tree: could not read an entry after page %d", len(pages)))
						}
					}()
					walk(x.index(kids, i), kids, res, depth+1)
				}()
			}
			return
		}
		key := x.textOf(node, parent)
		if seen[key] {
			return
		}
		seen[key] = true
		pages = append(pages, pageRef{v: node, res: res, key: key})
	}
	func() {
		defer func() {
			if recover() != nil {
				x.warn("could not read the page tree")
			}
		}()
		cat := x.root()
		root := cat.Key("Pages")
		walk(root, cat, &resDict{}, 0)
		ok = true
	}()
	if capped {
		x.warn(fmt.Sprintf("only the first %d pages were read", x.lim.MaxPages))
	}
	if budget {
		x.warn("page tree is malformed (loop or too deep); some pages may be missing")
	}
	return pages, ok
}
