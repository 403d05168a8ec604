// Testmetrics campaign tracking: loaded only after the visitor accepts.
(function () {
  document.cookie = "_tmx=C1; max-age=2592000; path=/; SameSite=Lax";
})();
