package referral

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// Problem is one value in a referral whose format is wrong: a date that is
// not a date, a phone number that is not a UK number. Kind names the check
// ("date", "phone", "email", "postcode", "tristate", "range",
// "consent_status", "nhs_number"); Field is the contract field path.
type Problem struct {
	Field string
	Kind  string
	Value string
}

var (
	validateOnce sync.Once
	validate     *validator.Validate
)

func validatorInstance() *validator.Validate {
	validateOnce.Do(func() {
		v := validator.New(validator.WithRequiredStructEnabled())
		v.RegisterTagNameFunc(func(f reflect.StructField) string {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				return ""
			}
			return name
		})
		must := func(err error) {
			if err != nil {
				panic(err)
			}
		}
		str := func(fn func(string) bool) validator.Func {
			return func(fl validator.FieldLevel) bool { return fn(fl.Field().String()) }
		}
		must(v.RegisterValidation("fd_date", str(func(s string) bool {
			_, ok := ParseDate(s)
			return ok || NotKnown(s)
		})))
		must(v.RegisterValidation("uk_postcode", str(func(s string) bool { return ValidPostcode(s) || NotKnown(s) })))
		must(v.RegisterValidation("uk_phone", str(func(s string) bool { return ValidPhone(s) || NotKnown(s) })))
		must(v.RegisterValidation("nhs_number", str(func(s string) bool { return ValidNHSNumber(s) || NotKnown(s) })))
		must(v.RegisterValidation("fd_email", str(func(s string) bool { return ValidEmail(s) || NotKnown(s) })))
		must(v.RegisterValidation("tristate", str(func(s string) bool { return TriState(s).Valid() })))
		must(v.RegisterValidation("consent_status", str(func(s string) bool {
			return s == ConsentGiven || s == ConsentRefused || s == ConsentNotSought
		})))
		validate = v
	})
	return validate
}

// kindOf names the check behind a validator tag.
var kindOf = map[string]string{
	"fd_date": "date", "uk_postcode": "postcode", "uk_phone": "phone", "fd_email": "email",
	"tristate": "tristate", "consent_status": "consent_status", "nhs_number": "nhs_number",
	"min": "range", "max": "range",
}

// Validate checks the format of every value in r and returns the problems,
// in field order. Missing values are not problems here: what is missing is
// for the checker to judge. Validator messages never leave this function;
// callers turn problems into findings in their own words.
func (r *Referral) Validate() []Problem {
	err := validatorInstance().Struct(r)
	if err == nil {
		return nil
	}
	verrs, ok := err.(validator.ValidationErrors)
	if !ok {
		return []Problem{{Field: "", Kind: "invalid"}}
	}
	out := make([]Problem, 0, len(verrs))
	for _, fe := range verrs {
		path := fe.Namespace()
		if i := strings.IndexByte(path, '.'); i >= 0 {
			path = path[i+1:] // drop the struct name
		}
		kind := kindOf[fe.Tag()]
		if kind == "" {
			kind = fe.Tag()
		}
		out = append(out, Problem{Field: path, Kind: kind, Value: valueString(fe.Value())})
	}
	return out
}

func valueString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case TriState:
		return string(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
