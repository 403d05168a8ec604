package policy

import "testing"

// TestLabelledRecords reads cookies described field by field ("Name: _ga",
// "Expires: 2 years"), with fields the reader has no role for, values
// wrapped over lines, and labels run into their values (month = 30 days,
// year = 365 days, session = 0, '-' where no lifetime is stated).
func TestLabelledRecords(t *testing.T) {
	checkLayouts(t, []layoutCase{
		{
			desc:        "labelled records with a field the reader has no role for, wrapped over lines",
			contentType: TypeText,
			input: "Measuring traffic\nGoogle Analytics sets cookies to help us estimate the number of visitors.\n" +
				"Name: _utmc\nTypical content: randomly generated number\nExpires: when user exits browser\n" +
				"Name: _utmz\nTypical content: randomly generated number info on how the site\nwas reached (e.g. directly or via a link)\nExpires: 6 months\n" +
				"Email\nName: U\nTypical content: Unique identifier of property when selected on My\nBrent\nExpires: 1 year\n",
			declared: "_utmc=0/unknown _utmz=15552000/unknown U=31536000/unknown",
		},
		{
			desc:        "a lone 'Name:' line with one token is not a record",
			contentType: TypeText,
			input:       "Name: U\nWe will write to you about this.\n",
			declared:    "",
		},
		{
			desc:        "a definition list whose labels ran into their values, under a cookies section title",
			contentType: TypeText,
			input: "Strictly necessary cookies\n\ncookie-agreed\n\nContainsAn integer between 0 and 2\nExpiresAfter 100 days\n" +
				"NotesHandles confirmation of essential cookies.\n\nCOMPANY_ID\n\nContainsAn integer\nExpiresWhen you close your browser\n" +
				"NotesUsed to track the portal instance that an authenticated user logged into\n",
			declared: "cookie-agreed=8640000/necessary COMPANY_ID=0/necessary",
		},
		{
			desc:     "a lifetime written as the user logging out",
			input:    "Our use of cookies\n- Name: ESFSessionID\nTypical content: This cookie is essential for the login process.\nExpires: when user logout\n",
			declared: "ESFSessionID=0/unknown",
		},
	})
}
