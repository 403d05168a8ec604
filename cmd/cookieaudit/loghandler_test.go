package main

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestLogLines(t *testing.T) {
	tests := []struct {
		desc string
		log  func(l *slog.Logger)
		want string
	}{
		{"warning with attributes", func(l *slog.Logger) {
			l.Warn("scan interrupted: writing the partial report", "sites", 3)
		}, "cookieaudit: warning: scan interrupted: writing the partial report sites=3"},
		{"error value with spaces is quoted", func(l *slog.Logger) {
			l.Error("policy", "err", errors.New("no link found"))
		}, `cookieaudit: error: policy err="no link found"`},
		{"information has no label", func(l *slog.Logger) {
			l.Info("site done", "url", "https://www.testshire.gov.uk/")
		}, "cookieaudit: site done url=https://www.testshire.gov.uk/"},
		{"debug hidden below the level", func(l *slog.Logger) {
			l.Debug("consent", "cmp", "onetrust")
		}, ""},
		{"a site's control characters never reach the terminal", func(l *slog.Logger) {
			l.Warn("page", "title", "a\x1b[2Jb")
		}, `cookieaudit: warning: page title=a\x1b[2Jb`},
		{"groups and bound attributes", func(l *slog.Logger) {
			l.With("site", "x").WithGroup("crawl").Warn("slow", "page", 2)
		}, "cookieaudit: warning: slow site=x crawl.page=2"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var buf bytes.Buffer
			tt.log(newLogger(&buf, slog.LevelInfo))
			if got := strings.TrimSuffix(buf.String(), "\n"); got != tt.want {
				t.Errorf("%s:\n got %q\nwant %q", tt.desc, got, tt.want)
			}
		})
	}
}
