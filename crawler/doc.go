// Package crawler visits websites in headless Chromium, one fresh browser
// profile per site and consent phase, and records every cookie and web
// storage item the pages create, as the types of package observe.
package crawler
