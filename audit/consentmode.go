package audit

import (
	"fmt"
	"strings"
)

// ConsentValue is the state of one Google Consent Mode signal.
type ConsentValue string

// The states of a consent signal; "" means the request did not say.
const (
	Granted ConsentValue = "granted"
	Denied  ConsentValue = "denied"
)

// ConsentMode is the consent state a Google tag sent with a request.
type ConsentMode struct {
	AdStorage, AnalyticsStorage, AdUserData, AdPersonalization ConsentValue
	// Default and Update hold each signal's default and update as the gcd
	// parameter gave them, in the order above; "" where not set.
	Default, Update [4]ConsentValue
}

// gcdAlphabet is the base64url alphabet the gcd parameter's letters index.
const gcdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"

// ReadConsentMode decodes the consent signals Google tags send: gcs, "G1"
// then a digit for ad_storage and one for analytics_storage (1 granted,
// 0 denied, "-" not set), and gcd, Consent Mode v2's encoding of four
// signals (ad_storage, analytics_storage, ad_user_data,
// ad_personalization), each a letter after a separator digit, e.g.
// "13p3p3p3p5" or "11t1t1t1t5". A letter's index in the base64url alphabet
// holds the default in bits 2-3 and the update in bits 0-1 (1 not set,
// 2 denied, 3 granted): "l" is neither set, "p" denied by default, "q"
// denied by default and by an update, "r" denied by default and granted by
// an update, "t" granted by default, "u" granted by default and denied by
// an update, "v" granted by both, "m" and "n" denied and granted by an
// update alone. An update overrides the default; gcs, the state when the
// hit was sent, overrides both for the two storage signals. ok is false
// when neither parameter said anything.
func ReadConsentMode(gcs, gcd string) (cm ConsentMode, ok bool) {
	if len(gcd) >= 9 && gcd[0] >= '0' && gcd[0] <= '9' {
		for i := range 4 {
			v := strings.IndexByte(gcdAlphabet, gcd[2+2*i])
			if v < 0 {
				break
			}
			cm.Default[i], cm.Update[i] = gcdValue((v>>2)&3), gcdValue(v&3)
		}
	}
	eff := func(i int) ConsentValue {
		if cm.Update[i] != "" {
			return cm.Update[i]
		}
		return cm.Default[i]
	}
	cm.AdStorage, cm.AnalyticsStorage, cm.AdUserData, cm.AdPersonalization = eff(0), eff(1), eff(2), eff(3)
	if len(gcs) == 4 && strings.HasPrefix(gcs, "G1") {
		if v := gcsValue(gcs[2]); v != "" {
			cm.AdStorage = v
		}
		if v := gcsValue(gcs[3]); v != "" {
			cm.AnalyticsStorage = v
		}
	}
	ok = cm.AdStorage != "" || cm.AnalyticsStorage != "" || cm.AdUserData != "" || cm.AdPersonalization != ""
	return cm, ok
}

func gcdValue(v int) ConsentValue {
	switch v {
	case 2:
		return Denied
	case 3:
		return Granted
	}
	return ""
}

func gcsValue(c byte) ConsentValue {
	switch c {
	case '1':
		return Granted
	case '0':
		return Denied
	}
	return ""
}

// StorageGranted names the storage signals (ad_storage,
// analytics_storage) the state grants.
func (cm ConsentMode) StorageGranted() []string {
	var out []string
	if cm.AdStorage == Granted {
		out = append(out, "ad_storage")
	}
	if cm.AnalyticsStorage == Granted {
		out = append(out, "analytics_storage")
	}
	return out
}

// StorageDenied reports whether the state denies both storage signals.
func (cm ConsentMode) StorageDenied() bool {
	return cm.AdStorage == Denied && cm.AnalyticsStorage == Denied
}

// String says the state of each signal the request set, in words, e.g.
// "ad_storage denied, analytics_storage denied, ad_user_data denied,
// ad_personalization denied".
func (cm ConsentMode) String() string {
	var parts []string
	for _, s := range []struct {
		name string
		v    ConsentValue
	}{{"ad_storage", cm.AdStorage}, {"analytics_storage", cm.AnalyticsStorage}, {"ad_user_data", cm.AdUserData}, {"ad_personalization", cm.AdPersonalization}} {
		if s.v != "" {
			parts = append(parts, fmt.Sprintf("%s %s", s.name, s.v))
		}
	}
	return strings.Join(parts, ", ")
}
