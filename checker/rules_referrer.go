package checker

import "github.com/frontdoorhq/frontdoor/checker/referral"

// Rules about the referrer (domain 4, "Referrer"). Professionals cannot refer
// anonymously: the MASH must be able to call back.

func referrerField(id, name, field, what, fix string, sev Severity, get func(referral.Referrer) string) *Rule {
	return &Rule{ID: id, Name: name, Area: "referrer", Severity: sev, Field: field,
		Message: "The referrer's " + what + " is missing.",
		Why:     "The MASH calls the referrer back the same day to clarify and to share its decision; professionals cannot refer anonymously.",
		Fix:     fix,
		Source:  "Key information (domain 4); Bristol First Response",
		check: func(in *Input) []Hit {
			return one(referral.Blank(get(in.R.Referrer)))
		}}
}

func init() {
	register(
		referrerField("FD400", "referrer-name-missing", "referrer.name", "name", "Add your full name.", Error,
			func(r referral.Referrer) string { return r.Name }),
		referrerField("FD401", "referrer-role-missing", "referrer.role", "role", "Add your role (for example \"Designated Safeguarding Lead\" or \"Class teacher\").", Error,
			func(r referral.Referrer) string { return r.Role }),
		referrerField("FD402", "referrer-organisation-missing", "referrer.organisation", "organisation", "Add your school, setting or agency.", Error,
			func(r referral.Referrer) string { return r.Organisation }),
		referrerField("FD403", "referrer-phone-missing", "referrer.phone", "phone number", "Add a direct phone number the MASH can reach you on today.", Error,
			func(r referral.Referrer) string { return r.Phone }),
		referrerField("FD404", "referrer-email-missing", "referrer.email", "email address", "Add a secure work email address.", Error,
			func(r referral.Referrer) string { return r.Email }),
		&Rule{ID: "FD405", Name: "referrer-dsl-unstated", Area: "referrer", Severity: Warning, Field: "referrer.dsl_consulted",
			Message: "The referral does not say whether the designated safeguarding lead was consulted.",
			Why:     "In schools the DSL normally makes or agrees the referral; if they were not consulted, the MASH needs to know why.",
			Fix:     "Say whether the DSL was consulted (yes or no); if not, say why (for example, risk was immediate).",
			Source:  "Kent inter-agency referral form (domain 4); KCSIE",
			check: func(in *Input) []Hit {
				r := in.R.Referrer
				if r.DSLConsulted.Known() || isDSL(r.Role) {
					return nil
				}
				// "Discussed with the DSL", "DSL decision" written elsewhere.
				k := in.R.Consent
				return one(dslConsultedRE.FindString(in.Concern+joinLower(k.ReasonNotSought, k.GivenBy, r.RelationshipToChild)) == "")
			}},
		&Rule{ID: "FD406", Name: "referrer-availability-missing", Area: "referrer", Severity: Info, Field: "referrer.availability",
			Message: "The referral does not say when you are available to discuss it.",
			Why:     "The MASH decides within one working day and will want to call you; it helps to know when you can be reached.",
			Fix:     "Add your availability (for example \"today until 5pm, then 8am tomorrow\").",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Referrer.Availability))
			}},
		&Rule{ID: "FD407", Name: "referrer-relationship-missing", Area: "referrer", Severity: Info, Field: "referrer.relationship_to_child",
			Message: "The referral does not say how you know the child.",
			Why:     "The MASH establishes the referrer's relationship to the child at contact; it tells them how first-hand the information is.",
			Fix:     "Say how you know the child (for example \"class teacher since September\").",
			Source:  "Oxfordshire MASH contact (domain 7)",
			check: func(in *Input) []Hit {
				return one(referral.Blank(in.R.Referrer.RelationshipToChild))
			}},
	)
}

// isDSL reports whether a role is the designated safeguarding lead (or deputy).
func isDSL(role string) bool {
	r := lower(role)
	return r == "dsl" || r == "ddsl" || containsAny(r, []string{"designated safeguarding", "safeguarding lead", "dsl ", " dsl", "dsl/", "/dsl"})
}
