package mapping_test

import (
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Ensure the tester's layouts read the same through the text reader, which
// splits typed columns at wide gaps.
func TestTesterLayoutsThroughTextReader(t *testing.T) {
	cases := []struct {
		name, in string
		check    func(r *referral.Referral) (string, string)
	}{
		{"a lone X, wide gaps", "Child's name: Tom Example\nIs the child at immediate risk?  X Yes    No\n",
			func(r *referral.Referral) (string, string) { return string(r.Concern.ImmediateRisk), "yes" }},
		{"a lone X nearer the second option", "Child's name: Tom Example\nIs the child at immediate risk?   Yes    X No\n",
			func(r *referral.Referral) (string, string) { return string(r.Concern.ImmediateRisk), "no" }},
		{"a lone X before the options", "Child's name: Tom Example\nInterpreter needed? X Yes   No\n",
			func(r *referral.Referral) (string, string) { return string(r.Child.InterpreterNeeded), "yes" }},
		{"look-alike: options printed, none marked", "Child's name: Tom Example\nIs the child at immediate risk?   Yes    No\n",
			func(r *referral.Referral) (string, string) { return string(r.Concern.ImmediateRisk), "" }},
		{"a laid-out person line", "Child name: Tom Example\nFamily details\nMother   Laura Walsh, PR: Yes, 07700 900321\n",
			func(r *referral.Referral) (string, string) {
				if len(r.Family) != 1 {
					return "members", "1"
				}
				m := r.Family[0]
				return m.Name + "|" + string(m.ParentalResponsibility) + "|" + m.Phone, "Laura Walsh|yes|07700 900321"
			}},
		{"labels in columns of a person line", "Child's name: Tom Example\nFather: Ryan Cole   PR: ☐ Yes ☑ No   Lives with child: No\n",
			func(r *referral.Referral) (string, string) {
				if len(r.Family) != 1 {
					return "members", "1"
				}
				m := r.Family[0]
				return m.Name + "|" + string(m.ParentalResponsibility) + "|" + string(m.LivesWithChild), "Ryan Cole|no|no"
			}},
		{"a forwarded email's signature", "From: Sarah Whitfield <s.whitfield@hillview.example.org>\nTo: mash@council.example.gov.uk\nSubject: Fwd: concern\nDate: Thu, 19 Nov 2026 16:02:11 +0000\nContent-Type: text/plain; charset=utf-8\n\nPlease see below.\n\n> From: Sarah Whitfield\n> Sent: 18 November 2026\n> Subject: concern\n>\n> I am worried about Jade Collins, who is 16. She told me her boyfriend hits her.\n>\n> Thanks,\n> Sarah Whitfield\n> Deputy DSL | Hillview Academy | 01865 555789\n",
			func(r *referral.Referral) (string, string) {
				f := r.Referrer
				return f.Name + "|" + f.Role + "|" + f.Organisation + "|" + f.Phone, "Sarah Whitfield|Deputy DSL|Hillview Academy|01865 555789"
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, want := c.check(read(t, c.in))
			if got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}
