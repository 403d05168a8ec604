package policy

import "testing"

// TestNameLinesAndLists reads names standing alone: bullet lists of names, a
// name opening its line before its description, and dash items whose group's
// lifetime is stated before them (month = 30 days, year = 365 days, session
// = 0, '-' where no lifetime is stated).
func TestNameLinesAndLists(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{
			desc:        "a bullet list of one family of hyphenated names",
			contentType: TypeText,
			input: "Essential cookies\n\nCookie consent\n\n  • cookie-form-acknowledged\n  • cookie-essential\n  • cookie-non-essential\n\n" +
				"We use these cookies to control the display of the cookie bar on the website.\n",
			declared: "cookie-form-acknowledged=-/necessary cookie-essential=-/necessary cookie-non-essential=-/necessary",
		},
		{
			desc:        "a bullet naming a cookie with a note in brackets after it",
			contentType: TypeText,
			input:       "Optional cookies\n\nGoogle Analytics\n\n  • _ga\n  • _ga_XXXXXXXXX_1 (where X is a number)\n\nWe use Google Analytics to monitor traffic levels.\n",
			declared:    "_ga=-/unknown _ga_XXXXXXXXX_1=-/unknown",
		},
		{
			desc:        "hyphenated words in a bullet list are not names unless they share a first part",
			contentType: TypeText,
			input:       "We use cookies to:\n\n  • keep-alive\n  • opt-out\n  • e-mail\n\nThey help the site work.\n",
			declared:    "",
		},
		{
			desc:        "a plain word before a colon and a link title is not a cookie",
			contentType: TypeText,
			input: "Cookies\n- This website currently employs Google Analytics tracking cookies for this purpose\n- website: Google Analytics\n" +
				"- To find out more about cookies visit:\n- website: All About Cookies\n- sessionid: Keeps you signed in while you use the site\n",
			declared: "sessionid=-/unknown",
		},
		{
			desc:     "a capitalised word ending a name before the next cell is part of the name",
			input:    "Cookies we use\n\nAzure web services\n\nARRAffinity This cookie keeps you on one server of our cloud platform. It expires when the browsing session ends.\n",
			declared: "ARRAffinity=0/unknown",
		},
		{
			desc: "a group's lifetime two paragraphs before its dash list",
			input: "These cookies are needed for our online forms. These cookies are deleted when you close your internet browser.\n\n" +
				"Blocking these cookies will stop the forms working.\n\n" +
				"formServer - Used to send your request to the right server.\n\n" +
				"formSession - A unique identifier for your visit.\n",
			declared: "formServer=0/unknown formSession=0/unknown",
		},
	})
}
