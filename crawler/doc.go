// Package crawler visits websites in headless Chromium, one fresh browser
// profile per site and consent phase, and records every cookie and web
// storage item the pages create and the endpoints of other sites they
// contact, as the types of package observe, with a HAR file of each
// site-phase when asked.
package crawler
