// Forgetshire's banner forgets the choice: it writes cookieConsent but
// looks for cookie_consent, so it asks again on every page.
(function () {
  var m = document.cookie.match(/(?:^|; )cookie_consent=([^;]*)/);
  function loadAnalytics() {
    var s = document.createElement('script');
    s.src = 'https://stats.fixturemetrics.net/a.js';
    document.head.appendChild(s);
  }
  if (m) {
    if (m[1] === 'yes') { loadAnalytics(); }
    return;
  }
  if (/(?:^|; )cookieConsent=yes/.test(document.cookie)) { loadAnalytics(); }
  window.addEventListener('load', function () {
    setTimeout(function () {
      var bar = document.createElement('div');
      bar.id = 'cookie-bar';
      bar.innerHTML = '<p>This website uses cookies. Are you happy for us to use analytics cookies?</p>' +
        '<button type="button" id="cookie-yes">Accept cookies</button> <button type="button" id="cookie-no">Reject cookies</button>';
      document.body.appendChild(bar);
      function save(v) {
        document.cookie = 'cookieConsent=' + v + '; max-age=' + 365 * 86400 + '; path=/; SameSite=Lax';
        bar.remove();
        if (v === 'yes') { loadAnalytics(); }
      }
      bar.querySelector('#cookie-yes').addEventListener('click', function () { save('yes'); });
      bar.querySelector('#cookie-no').addEventListener('click', function () { save('no'); });
    }, 200);
  });
  var style = document.createElement('style');
  style.textContent = '#cookie-bar{position:fixed;top:0;left:0;right:0;background:#ffd;border-bottom:2px solid #990;padding:12px 24px;font:15px sans-serif}';
  document.head.appendChild(style);
})();
