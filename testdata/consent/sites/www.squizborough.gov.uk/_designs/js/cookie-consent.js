// Squizborough's cookie banner, shaped like Squiz's: a #cookie-consent-banner
// with "Accept cookies" (#accept-cdp-cookie) and "Reject cookies"
// (#reject-cdp-cookie), the choice kept in the squiz.cdp.consent cookie as
// JSON, and the analytics tag loaded only after acceptance. The site's
// design inserts the banner once the page has loaded and fades it in.
(function () {
  function record() {
    var m = document.cookie.match(/(?:^|; )squiz\.cdp\.consent=([^;]*)/);
    if (!m) { return null; }
    try { return JSON.parse(decodeURIComponent(m[1])); } catch (e) { return null; }
  }
  function loadAnalytics() {
    var s = document.createElement('script');
    s.src = 'https://stats.fixturemetrics.net/a.js';
    document.head.appendChild(s);
  }
  function save(analytics) {
    var value = encodeURIComponent(JSON.stringify({ necessary: true, analytics: analytics, version: 2 }));
    document.cookie = 'squiz.cdp.consent=' + value + '; max-age=' + 180 * 86400 + '; path=/; SameSite=Lax; Secure';
    document.getElementById('cookie-consent-banner').remove();
    if (analytics) { loadAnalytics(); }
  }
  var known = record();
  if (known) {
    if (known.analytics) { loadAnalytics(); }
    return;
  }
  window.addEventListener('load', function () {
    setTimeout(function () {
      var b = document.createElement('div');
      b.id = 'cookie-consent-banner';
      b.className = 'cookie-consent cookie-consent--bottom';
      b.setAttribute('role', 'region');
      b.setAttribute('aria-label', 'Cookie consent');
      b.innerHTML = '<div class="cookie-consent__inner"><h2 class="cookie-consent__title">We use cookies on this website</h2>' +
        '<p class="cookie-consent__text">We use necessary cookies to make our site work. We would also like to set optional analytics cookies to help us improve it. ' +
        'We will not set optional cookies unless you enable them. <a href="/cookies/">Read more about our cookies</a>.</p>' +
        '<div class="cookie-consent__actions"><button type="button" id="accept-cdp-cookie" class="button button--primary">Accept cookies</button>' +
        '<button type="button" id="reject-cdp-cookie" class="button button--secondary">Reject cookies</button></div></div>';
      document.body.appendChild(b);
      b.querySelector('#accept-cdp-cookie').addEventListener('click', function () { save(true); });
      b.querySelector('#reject-cdp-cookie').addEventListener('click', function () { save(false); });
      requestAnimationFrame(function () { requestAnimationFrame(function () { b.classList.add('cookie-consent--visible'); }); });
    }, 250);
  });
  var style = document.createElement('style');
  style.textContent = '#cookie-consent-banner{position:fixed;left:0;right:0;bottom:0;z-index:9999;background:#1d1d1b;color:#fff;padding:20px 32px;font:15px sans-serif;opacity:0;transition:opacity .4s}' +
    '#cookie-consent-banner.cookie-consent--visible{opacity:1}#cookie-consent-banner a{color:#ffdd00}#cookie-consent-banner button{margin:4px;padding:8px 14px}';
  document.head.appendChild(style);
})();
