package audit
import ("os";"testing")
func TestScratch(t *testing.T){ r:=loadFixture(t); EvaluateReport(r, Options{Catalogue:testCatalogue,Now:testNow}); MarkdownWriter{}.Write(os.Stdout,r); TableWriter{}.Write(os.Stdout,r)}
