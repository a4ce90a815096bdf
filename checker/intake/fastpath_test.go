package intake

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// The JSON and YAML readers have a quick way and a general one: scanJSON
// beside decodeJSONTokens, storeReferral beside toReferralEncoded. These
// tests hold each quick way to the general way's results and errors.

// structuredCases are inputs that exercise the corners of both ways.
var structuredCases = []string{
	`{}`,
	`{"child":{}}`,
	"{\n  \"child\": {\n    \"name\": \"Jo\"\n  },\n  \"family\": [\n  ]\n}\n",
	`{"version":1,"referrer_level":"Level 3","child":{"attendance_percent":"87%","age":"about 7"}}`,
	`{"version":1.5}`, `{"referrer_level":3.0}`, `{"referrer_level":-0}`, `{"referrer_level":"1e3"}`,
	`{"referrer_level":9223372036854775807}`, `{"referrer_level":"99999999999999999999"}`,
	`{"referrer_level":1152921504606846976}`, `{"child":{"attendance_percent":0.0000001}}`,
	`{"version":{"a":1}}`, `{"version":[1,2]}`, `{"version":null}`, `{"version":true}`,
	`{"family":["mum"]}`, `{"family":[[]]}`, `{"family":[{}]}`, `{"family":[]}`, `{"family":null}`,
	`{"family":"mum and dad"}`, `{"family":" "}`, `{"family":{"name":"Ann","age":"34 years"}}`,
	`{"family":[{"name":"Ann","age":34.5}]}`, `{"family":[{"name":"Ann","age":{"x":1}}]}`,
	`{"support":{"agencies":"CAMHS; school nurse"}}`, `{"support":{"agencies":",;"}}`,
	`{"support":{"agencies":["CAMHS"]}}`, `{"support":{"agencies":{"name":"CAMHS"}}}`,
	`{"concern":{"categories":"neglect, emotional abuse"}}`, `{"concern":{"categories":",,"}}`,
	`{"concern":{"categories":{"a":"b"}}}`, `{"concern":{"categories":[["a"],{"b":"c"},1,true,null]}}`,
	`{"concern":[1]}`, `{"concern":"worried"}`, `{"child":["a"]}`, `{"child":null}`, `{"child":7}`,
	`{"child":{"interpreter_needed":true,"ehcp":"Yes - applied","name":false}}`,
	`{"child":{"name":"a\u00e9\ud83d\ude00\ud800x\udc00\\\/\b\f\n\r\t\"","nickname":"JoJo"}}`,
	"{\"child\":{\"name\":\"bad \xff\xfe utf8 \xe2\x80\"}}",
	`{"extra":[{"label":"a","value":"b"},"c",{"label":"d"}],"favourite":{"colour":"blue"}}`,
	`{"extra":"text"}`, `{"child":{"name":"A"},"child":{"gender":"F"}}`,
	`{"Child":{"name":"A"}}`, `{"child":{"Name":"A"}}`,
	`{"a":[1,2,{"b":[]}],"child":{"address":["1 Road",{"town":"Oxford"}]}}`,
	`{"n":[-0,0.5,1e5,1E+5,-1.5e-3,0]}`,
	// Not read by scanJSON: each goes to decodeJSONTokens for its result or error.
	``, ` `, `[1,2]`, `"text"`, `1`, `{"a":1}}`, `{"a":1} {"b":2}`, `{"a":1} x`, `{"a":1} "open`,
	`{"a":1,}`, `{"a" 1}`, `{"a":1 "b":2}`, `{,"a":1}`, `[1 2]`, `[1,]`, `{"a":01}`, `{"a":-}`,
	`{"a":1.}`, `{"a":1e}`, `{"a":truex}`, `{"a":nul}`, `{"a":"\x"}`, `{"a":"\u12"}`, "{\"a\":\"\x01\"}",
	`{"a":"open`, `{"a":`, `{"a"`, `{`, "\xef\xbb\xbf{}", `{"a":'x'}`, `{"a":"\'"}`,
	`{"child":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`,
	`{"child":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}`,
}

// yamlCases are YAML inputs for storeReferral against toReferralEncoded.
var yamlCases = []string{
	"version: 1.5\n", "referrer_level: Level 3\n", "family: mum\n", "family:\n  - mum\n",
	"family:\n  name: Ann\n  age: 34\n", "child:\n  - a\n", "child:\n  interpreter_needed: yes\n  ehcp: true\n",
	"concern:\n  categories:\n    a: b\n", "support:\n  agencies: [CAMHS, {name: Nurse}]\n",
	"base: &b {name: Jo}\nchild:\n  <<: *b\n  gender: F\n", "child: ~\nfamily: []\n",
}

func TestScanJSONMatchesTokens(t *testing.T) {
	for _, in := range append(structuredCases, fixtureInputs(t, ".json")...) {
		checkScanJSON(t, []byte(in))
	}
}

func TestStoreMatchesEncoding(t *testing.T) {
	for _, in := range append(structuredCases, fixtureInputs(t, ".json")...) {
		if tree, err := decodeJSONTokens([]byte(in)); err == nil {
			checkStore(t, in, tree)
		}
	}
	for _, in := range append(yamlCases, fixtureInputs(t, ".yaml")...) {
		if tree, err := decodeYAML([]byte(in)); err == nil {
			checkStore(t, in, tree)
		}
	}
}

// Every field of the model is stored by storeReferral itself, not left to
// toReferralEncoded: a referral with every field filled in reads back the
// same.
func TestStoreEveryField(t *testing.T) {
	var want referral.Referral
	n := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if tag := v.Type().Field(i).Tag.Get("json"); tag != "-" {
					fill(v.Field(i))
				}
			}
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			fill(v.Index(0))
			fill(v.Index(1))
		case reflect.String:
			n++
			if v.Type() == reflect.TypeFor[referral.TriState]() {
				v.SetString([]string{"yes", "no", "unknown"}[n%3])
			} else {
				v.SetString(fmt.Sprintf("text %d", n))
			}
		case reflect.Int, reflect.Float64:
			n++
			v.Set(reflect.ValueOf(n).Convert(v.Type()))
		default:
			t.Fatalf("no test value for a %s", v.Type())
		}
	}
	fill(reflect.ValueOf(&want).Elem())
	b, err := json.Marshal(&want)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := decodeJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	got := &referral.Referral{}
	norm, _ := normalise(tree.(*obj), "", "", got).(map[string]any)
	if !storeReferral(got, norm) {
		t.Fatal("storeReferral left a field to encoding/json")
	}
	got.Sources = nil
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("got  %+v\nwant %+v", got, &want)
	}
	checkStore(t, string(b), tree)
}

// FuzzStructured holds the quick ways to the general ones on any input, as
// JSON and as YAML.
func FuzzStructured(f *testing.F) {
	for _, in := range structuredCases {
		f.Add([]byte(in))
	}
	for _, in := range yamlCases {
		f.Add([]byte(in))
	}
	for _, in := range fixtureInputs(f, "") {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		checkScanJSON(t, b)
		if tree, err := decodeJSON(b); err == nil {
			checkStore(t, string(b), tree)
		}
		if tree, err := decodeYAML(b); err == nil {
			checkStore(t, string(b), tree)
		}
	})
}

// checkScanJSON checks that scanJSON, when it reads b, reads it as
// decodeJSONTokens does.
func checkScanJSON(t *testing.T, b []byte) {
	t.Helper()
	got, ok := scanJSON(b)
	if !ok {
		return
	}
	want, err := decodeJSONTokens(b)
	if err != nil {
		t.Errorf("%q: scanJSON read it, decodeJSONTokens: %v", b, err)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q: scanJSON read\n%#v\ndecodeJSONTokens\n%#v", b, got, want)
	}
}

// checkStore checks that toReferral reads tree as toReferralEncoded does.
func checkStore(t *testing.T, in string, tree any) {
	t.Helper()
	root, ok := tree.(*obj)
	if !ok {
		return
	}
	got, gotErr := toReferral(root)
	want, wantErr := toReferralEncoded(root)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
		t.Errorf("%q:\ngot  %+v, %v\nwant %+v, %v", in, got, gotErr, want, wantErr)
	}
}

// fixtureInputs returns the sample referrals whose names end in ext.
func fixtureInputs(tb testing.TB, ext string) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "referrals", "*"+ext))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	var out []string
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			out = append(out, string(b))
		}
	}
	return out
}

// A YAML referral is read once, while its format is sniffed, and the
// referral is the one read when the format is given; data with space before
// it is read again whole, for its lines.
func TestSniffedYAMLReused(t *testing.T) {
	ctx := context.Background()
	rd := &Reader{}
	for _, in := range append(fixtureInputs(t, ".yaml"), "child:\n  name: Jo\n", "\n\n  child:\n    name: Jo\n", "\xef\xbb\xbfchild:\n  name: Jo\n") {
		if f, tree := sniff([]byte(in)); f != YAML || (tree == nil) != (in != strings.TrimLeft(in, " \t\r\n\xef\xbb\xbf")) {
			t.Errorf("%.40q: sniff = %s, tree %v", in, f, tree != nil)
		}
		got, gotFormat, gotErr := rd.Read(ctx, []byte(in), "")
		want, _, wantErr := rd.Read(ctx, []byte(in), YAML)
		if gotFormat != YAML || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q: sniffed %s %+v, %v\nwant %+v, %v", in, gotFormat, got, gotErr, want, wantErr)
		}
	}
}

// readCapped reads all of a file whatever size it is said to have, and no
// more than one byte over the cap.
func TestReadCapped(t *testing.T) {
	data := strings.Repeat("0123456789", 300)
	for _, size := range []int64{0, 1, 511, 512, 2999, 3000, 3001, 5000, 1 << 40} {
		got, err := readCapped(strings.NewReader(data), 1<<20, size)
		if err != nil || string(got) != data {
			t.Errorf("size %d: read %d bytes, %v", size, len(got), err)
		}
		_, err = readCapped(strings.NewReader(data), 2999, size)
		if err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Errorf("size %d, cap 2999: err = %v", size, err)
		}
		got, err = readCapped(strings.NewReader(data), 3000, size)
		if err != nil || string(got) != data {
			t.Errorf("size %d, cap 3000: read %d bytes, %v", size, len(got), err)
		}
	}
	path := filepath.Join(t.TempDir(), "r.json")
	if err := os.WriteFile(path, []byte(`{"child":{"name":"a long name"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := (&Reader{MaxSize: 10}).ReadFile(context.Background(), path, ""); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("ReadFile over the cap: err = %v", err)
	}
	if r, _, err := (&Reader{}).ReadFile(context.Background(), path, ""); err != nil || r.Child.Name != "a long name" {
		t.Errorf("ReadFile: %+v, %v", r, err)
	}
}
