// Fixture analytics: sets a first-party visitor cookie on the page that
// loaded it. Consent-gated fixture pages load it only after consent.
(function () {
  var id = Math.random().toString(36).slice(2, 12);
  document.cookie = '_fm_id=' + id + '; max-age=63072000; path=/; SameSite=Lax';
})();
