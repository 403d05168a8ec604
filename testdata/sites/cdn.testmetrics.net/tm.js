// Testmetrics analytics: a first-party cookie and local storage, set by a
// third-party script.
(function () {
  document.cookie = "_tm=TM1." + Date.now() + "; max-age=63072000; path=/; SameSite=Lax";
  try { localStorage.setItem("tm_state", JSON.stringify({v: 1, seen: Date.now()})); } catch (e) {}
})();
