package checker

import "github.com/frontdoorhq/frontdoor/checker/referral"

// Rules about what has already been done (domain 4, "Support"; domain 3, the
// 2024 Oxfordshire MASH test).

func init() {
	register(
		&Rule{ID: "FD600", Name: "actions-taken-missing", Area: "support", Severity: Warning, Field: "support.actions_taken", needsRoute: true,
			Message: "The referral does not say what the school has already done.",
			Why:     "The MASH needs to know what support has been tried and with what result; at Level 3 it looks for evidence that early help was tried without lasting change.",
			Fix:     "Describe what you have done so far (pastoral support, meetings with parents, referrals made) and what changed.",
			Source:  "Key information (domain 4); Oxfordshire MASH test 2024 (domain 3)",
			check: func(in *Input) []Hit {
				if !referral.Blank(in.R.Support.ActionsTaken) {
					return nil
				}
				if in.level() == 3 {
					return []Hit{{Severity: Error, Message: "The referral asks for a Level 3 response but does not say what the school has already done."}}
				}
				return one(true)
			}},
		&Rule{ID: "FD601", Name: "agencies-missing", Area: "support", Severity: Warning, Field: "support.agencies",
			Message: "Other agencies involved with the child or family are not listed.",
			Why:     "The MASH gathers information from every agency involved; knowing who they are (and any lead professional) saves a day of checks.",
			Fix:     "List agencies involved (health visitor, school nurse, CAMHS, early help worker, police, housing) with a contact, or write \"none known\".",
			Source:  "Key information (domain 4)",
			check: func(in *Input) []Hit {
				return one(len(in.R.Support.Agencies) == 0)
			}},
		&Rule{ID: "FD602", Name: "early-help-unstated", Area: "support", Severity: Warning, Field: "support.early_help", needsRoute: true,
			Message: "The referral does not say whether early help (a Strengths and Needs assessment or Team Around the Family) has been tried.",
			Why:     "For a Level 3 request the MASH asks whether early help has been tried without lasting change; if it has not, the likely outcome is a step down to early help.",
			Fix:     "Say whether an Early Help Assessment (Strengths and Needs) or Team Around the Family is in place or was tried, and attach it.",
			Source:  "Key information (domain 4); Oxfordshire MASH test 2024 (domain 3)",
			check: func(in *Input) []Hit {
				if in.R.Support.EarlyHelp.Known() || in.level() >= 4 {
					return nil
				}
				if v, _ := in.earlyHelpStated(); v.Known() {
					return nil // "An Early Help Assessment was opened in June", "offered in May, declined by mum"
				}
				if in.level() == 3 {
					return []Hit{{Severity: Error}}
				}
				return one(true)
			}},
		&Rule{ID: "FD603", Name: "early-help-not-tried", Area: "support", Severity: Warning, Field: "support.early_help", needsRoute: true,
			Message: "This asks for a Level 3 response, but early help has not been tried.",
			Why:     "Oxfordshire's MASH looks for evidence that welfare will be impaired without local authority services and that early help has been tried without lasting change; otherwise it usually steps the referral down.",
			Fix:     "Consider a Strengths and Needs assessment with the family's agreement, or call the Locality and Community Support Service for advice, unless the risk is significant or immediate.",
			Source:  "Oxfordshire MASH test 2024 (domain 3); LCSS (domain 7)",
			check: func(in *Input) []Hit {
				// Not for an unborn child (a pre-birth assessment is itself a Level 3
				// need) or a child already open to social care.
				open := containsAny(in.Concern+lower(in.R.Concern.History), []string{"social worker", "child in need plan", "child protection plan", "looked after", "open to social care", "open case"})
				return one(in.level() == 3 && in.earlyHelp() == referral.No && in.R.Concern.ImmediateRisk != referral.Yes && !in.Unborn && !open)
			}},
		&Rule{ID: "FD604", Name: "early-help-details-missing", Area: "support", Severity: Info, Field: "support.early_help_details",
			Message: "Early help is in place, but no details are given.",
			Why:     "The MASH needs the dates, the lead professional and what changed, and the assessment itself attached.",
			Fix:     "Add when the assessment was done, who the lead professional is, and the outcome; attach the Strengths and Needs form.",
			Source:  "Strengths and Needs (domain 7)",
			check: func(in *Input) []Hit {
				if in.R.Support.EarlyHelp != referral.Yes || !referral.Blank(in.R.Support.EarlyHelpDetails) {
					return nil
				}
				// Details written in what was done, or in the account, are details.
				v, _ := earlyHelpInText(lower(in.R.Support.ActionsTaken), false)
				if v == referral.Yes {
					return nil
				}
				v, _ = earlyHelpInText(joinLower(in.R.Concern.Description, in.R.Concern.History), false)
				return one(v != referral.Yes)
			}},
	)
}
