// Silktide Borough's consent manager configuration: the analytics tag
// loads only from the analytics type's onAccept.
function loadAnalytics() {
  var s = document.createElement("script");
  s.src = "https://stats.fixturemetrics.net/a.js";
  document.head.appendChild(s);
}
silktideCookieBannerManager.updateCookieBannerConfig({
  background: { showBackground: false },
  cookieIcon: { position: "bottomLeft" },
  cookieTypes: [
    { id: "necessary", name: "Necessary", description: "<p>These cookies are necessary for the website to function properly and cannot be switched off.</p>", required: true },
    { id: "analytics", name: "Analytics", description: "<p>These cookies help us improve the site by tracking which pages are most popular.</p>", required: false, onAccept: loadAnalytics }
  ],
  text: {
    banner: {
      description: "<p>We use cookies on our site to enhance your user experience, provide personalised content, and analyse our traffic. <a href=\"/cookies/\">Cookie Policy.</a></p>",
      acceptAllButtonText: "Accept all",
      acceptAllButtonAccessibleLabel: "Accept all cookies",
      rejectNonEssentialButtonText: "Reject non-essential",
      rejectNonEssentialButtonAccessibleLabel: "Reject non-essential",
      preferencesButtonText: "Preferences",
      preferencesButtonAccessibleLabel: "Toggle preferences"
    },
    preferences: { title: "Customize your cookie preferences", description: "<p>We respect your right to privacy.</p>" }
  }
});
