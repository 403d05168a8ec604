package acpkg

// The release of @duckduckgo/autoconsent this build uses: the version and
// the sha512 integrity package-lock.json pins (TestPinMatchesLockfile fails
// when they drift apart). They are variables, not constants, so a test can
// build a binary pinned to a tarball of its own with
// -ldflags "-X github.com/cookieaudit/cookieaudit/crawler/consent/acpkg.pinnedIntegrity=...".
var (
	pinnedVersion   = "16.23.0"
	pinnedIntegrity = "sha512-NTmDhASFf5pUsSwg2TyT9R75GYUcuYZXPyBnRcYgJgozg6RLeXXP9uH8ADxA364yQ2gJBMu83AN/D24Y4nkPKg=="
)

// Pin is one release of the package: its version and the Subresource
// Integrity string ("sha512-<base64>") of its tarball.
type Pin struct {
	Version   string
	Integrity string
}

// Pinned returns the release this build is pinned to.
func Pinned() Pin { return Pin{Version: pinnedVersion, Integrity: pinnedIntegrity} }

// SetPinForTest makes Pinned return pin until restore is called, so a test
// can serve a tarball of its own to code that uses the default pin. It is
// not safe for concurrent use.
func SetPinForTest(pin Pin) (restore func()) {
	old := Pinned()
	pinnedVersion, pinnedIntegrity = pin.Version, pin.Integrity
	return func() { pinnedVersion, pinnedIntegrity = old.Version, old.Integrity }
}
