// Dismissshire's banner records an acceptance but not a refusal: "No
// thanks" only hides the bar, so it asks again on every page, and nothing
// tells the site's scripts that the visitor said no.
(function () {
  var accepted = /(?:^|; )dismissshire_consent=yes/.test(document.cookie);
  function loadAnalytics() {
    var s = document.createElement('script');
    s.src = 'https://stats.fixturemetrics.net/a.js';
    document.head.appendChild(s);
  }
  if (accepted) { loadAnalytics(); return; }
  window.addEventListener('load', function () {
    var bar = document.createElement('section');
    bar.className = 'cookie-notice';
    bar.setAttribute('aria-label', 'Cookie notice');
    bar.innerHTML = '<p>We would like to use cookies to understand how you use our website and to improve our services.</p>' +
      '<button type="button" class="cookie-notice__yes">Yes, I accept cookies</button> ' +
      '<button type="button" class="cookie-notice__no">No thanks</button>';
    document.body.insertBefore(bar, document.body.firstChild);
    bar.querySelector('.cookie-notice__yes').addEventListener('click', function () {
      document.cookie = 'dismissshire_consent=yes; max-age=' + 180 * 86400 + '; path=/; SameSite=Lax';
      bar.remove();
      loadAnalytics();
    });
    bar.querySelector('.cookie-notice__no').addEventListener('click', function () {
      bar.hidden = true;
    });
  });
  var style = document.createElement('style');
  style.textContent = '.cookie-notice{position:fixed;bottom:0;left:0;right:0;background:#0b0c0c;color:#fff;padding:16px 24px;font:16px sans-serif}.cookie-notice button{margin-right:8px}';
  document.head.appendChild(style);
})();
