package consent

import (
	"regexp"
	"strings"
	"unicode"
)

// Kind is what pressing a control does, judged from its accessible name.
type Kind int

// The kinds of control a banner offers.
const (
	KindOther    Kind = iota // not a consent control
	KindAccept               // gives consent to every purpose
	KindReject               // refuses every optional purpose
	KindSettings             // opens a layer of individual choices
	KindSave                 // saves the choices on a settings layer
)

func (k Kind) String() string {
	switch k {
	case KindAccept:
		return "accept"
	case KindReject:
		return "reject"
	case KindSettings:
		return "settings"
	case KindSave:
		return "save"
	}
	return "other"
}

// vocabulary lists, per kind, whole-name patterns over a normalised name
// (see normalizeName). Each pattern has a strength: a
// banner with "Accept all cookies" and "OK" gets the first pressed. The
// kinds are tried in order: reject before accept ("Accept only necessary
// cookies" refuses), save before accept ("Accept selected").
var vocabulary = []struct {
	kind     Kind
	strength int
	re       *regexp.Regexp
}{
	{KindReject, 3, regexp.MustCompile(`^(i )?(reject|decline|deny|refuse|disable|block|disallow)( all| optional| additional| analytics?| analytical| non ?essential| non ?necessary| marketing| tracking| third party)*( cookies| and close| cookies and close| tracking)?$`)},
	{KindReject, 3, regexp.MustCompile(`^(use |allow |accept |accept only |allow only |continue with |proceed with |only allow |only accept |only use )?(only )?(the )?(strictly )?(necessary|essential|required|functional|minimal|mandatory)( cookies)?( only)?$`)},
	{KindReject, 3, regexp.MustCompile(`^(use |allow |accept |save )?(only )?(strictly )?(necessary|essential|required) cookies only$`)},
	{KindReject, 2, regexp.MustCompile(`^(no|no thanks|no thank you|i do not agree|i don't agree|i disagree|disagree|do not accept|don't accept|i do not accept|do not allow|don't allow|opt out|continue without accepting|continue without cookies|reject and close)$`)},
	{KindReject, 2, regexp.MustCompile(`^no,? (do not|don't|i do not|i don't) (use|want|accept|allow)( any)?( optional| additional| analytics?| non ?essential)? cookies$`)},
	{KindReject, 2, regexp.MustCompile(`^no,? (i'm|i am) not (happy|ok|okay)( with (that|cookies|analytics cookies|additional cookies))?$`)},
	{KindSave, 3, regexp.MustCompile(`^(save|confirm|submit|update|apply|set)( and close| and exit| and continue| my| your| cookie| these| current)*( preferences| settings| choices| choice| selection| selections| options| consent)?( and close| and exit)?$`)},
	{KindSave, 3, regexp.MustCompile(`^(accept|allow|agree to) (my |the )?(selected|selection|current selection|chosen)( cookies)?$`)},
	{KindSave, 2, regexp.MustCompile(`^(accept|allow|use) (selected|selection)$`)},
	{KindAccept, 3, regexp.MustCompile(`^((yes|ok|okay),? )?(i )?(accept|allow|agree to|enable|consent to|use) all( cookies| and close| and continue| cookies and close| cookies and continue)?$`)},
	{KindAccept, 3, regexp.MustCompile(`^((yes|ok|okay),? )?(i )?(accept|allow|agree to|enable|consent to)( additional| optional| analytics?| analytical| all| recommended| non ?essential| marketing| third party| the)* cookies( and close| and continue)?$`)},
	{KindAccept, 2, regexp.MustCompile(`^(yes,? )?(i )?(accept|agree|allow|consent)( and close| and continue| and proceed)?$`)},
	{KindAccept, 2, regexp.MustCompile(`^(yes,? )?(i'm|i am) (happy|ok|okay|fine)( with (that|cookies|all cookies|analytics cookies|additional cookies))?$|^yes,? (use|accept|allow)( all| additional| analytics?)? cookies$`)},
	{KindAccept, 2, regexp.MustCompile(`^(accept|allow) (recommended|and continue)( settings| cookies)?$`)},
	{KindAccept, 1, regexp.MustCompile(`^(ok|okay|ok,? got it|got it|i understand|understood|continue|that's ok|that's fine|fine by me|sounds good)!?$`)},
	{KindSettings, 2, regexp.MustCompile(`^(manage|customi[sz]e|change|adjust|set|edit|view|show|review|configure|personali[sz]e|choose)( my| your| the)?((( cookie| cookies| privacy| consent)+( settings| preferences| options| choices| purposes)?)|( settings| preferences| options| choices| purposes))$`)},
	{KindSettings, 2, regexp.MustCompile(`^(customi[sz]e|personali[sz]e|manage)$`)},
	{KindSettings, 2, regexp.MustCompile(`^(cookie|cookies|privacy|consent) (settings|preferences|options|choices)$`)},
	{KindSettings, 1, regexp.MustCompile(`^(settings|preferences|options|more options|let me choose|i want to choose|customi[sz]ation|show details|show purposes|advanced settings|more choices)$`)},
}

// Classify says what a control with this accessible name does, and how
// plainly its name says so (0 for KindOther).
func Classify(name string) (Kind, int) {
	n := normalizeName(name)
	if n == "" || len(n) > 80 {
		return KindOther, 0
	}
	for _, v := range vocabulary {
		if v.re.MatchString(n) {
			return v.kind, v.strength
		}
	}
	return KindOther, 0
}

// normalizeName lower-cases a name, straightens quotes, keeps letters,
// digits and apostrophes, reads '&' as "and", and turns everything else
// into single spaces.
func normalizeName(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\u2019' || r == '\u2018' || r == '\'':
			b.WriteRune('\'')
			space = false
		case r == '&':
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			space = true
		case r == '-':
			// "non-essential" reads as "non essential".
			if !space {
				b.WriteByte(' ')
				space = true
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}
