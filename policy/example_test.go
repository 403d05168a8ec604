package policy_test

import (
	"fmt"
	"log"

	"github.com/cookieaudit/cookieaudit/policy"
)

// ExampleParse reads the cookie table of a council's policy page: each row
// becomes a declaration with its category and lifetime in seconds, and a
// vendor named without its cookies is a disclosed vendor.
func ExampleParse() {
	page := []byte(`<html><body><main>
<h1>Cookies on this site</h1>
<h2>Necessary cookies</h2>
<table>
<tr><th>Name</th><th>Purpose</th><th>Expires</th></tr>
<tr><td>ASP.NET_SessionId</td><td>Keeps your session while you fill in a form</td><td>When you close your browser</td></tr>
<tr><td>cookie_preferences</td><td>Remembers your cookie choices</td><td>1 year</td></tr>
</table>
<h2>Analytics cookies</h2>
<p>We use Google Analytics to see how the site is used.</p>
<table>
<tr><th>Name</th><th>Purpose</th><th>Expires</th></tr>
<tr><td>_ga</td><td>Tells visitors apart</td><td>2 years</td></tr>
<tr><td>_gid</td><td>Tells visitors apart</td><td>24 hours</td></tr>
</table>
</main></body></html>`)
	doc, err := policy.Parse("https://www.example.gov.uk/cookies", page, "text/html")
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range doc.Declared {
		life := "unknown"
		if d.Expiry.Known() {
			life = fmt.Sprint(d.Expiry.Seconds())
		}
		fmt.Printf("%s %s %s\n", d.Name, d.Category, life)
	}
	for _, v := range doc.Vendors {
		fmt.Printf("vendor %s %s\n", v.Vendor, v.Category)
	}
	// Output:
	// ASP.NET_SessionId necessary 0
	// cookie_preferences necessary 31536000
	// _ga analytics 63072000
	// _gid analytics 86400
	// vendor Google Analytics analytics
}
