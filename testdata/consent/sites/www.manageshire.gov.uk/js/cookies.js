// Manageshire's home-made banner: the first layer offers "Accept all
// cookies" and "Manage cookies"; refusing is only possible on the second
// layer ("Reject all" or switching analytics off and saving). The choice is
// a JSON cookie, manageshire_cookie_prefs.
(function () {
  function record() {
    var m = document.cookie.match(/(?:^|; )manageshire_cookie_prefs=([^;]*)/);
    if (!m) { return null; }
    try { return JSON.parse(decodeURIComponent(m[1])); } catch (e) { return null; }
  }
  function loadAnalytics() {
    var s = document.createElement('script');
    s.src = 'https://stats.fixturemetrics.net/a.js';
    document.head.appendChild(s);
  }
  var box = null;
  function save(analytics) {
    document.cookie = 'manageshire_cookie_prefs=' + encodeURIComponent(JSON.stringify({ essential: true, analytics: analytics })) + '; max-age=' + 365 * 86400 + '; path=/; SameSite=Lax; Secure';
    box.remove();
    if (analytics) { loadAnalytics(); }
  }
  function secondLayer() {
    box.innerHTML = '<h2 id="cookie-box-title">Manage cookies</h2>' +
      '<p>Essential cookies keep the site working and cannot be turned off.</p>' +
      '<fieldset><legend>Analytics cookies</legend><p>They tell us which pages are used so we can improve them.</p>' +
      '<label><input type="checkbox" id="analytics-choice"> Use analytics cookies</label></fieldset>' +
      '<button type="button" id="reject-all">Reject all</button> <button type="button" id="save-choices">Save my choices</button>';
    box.querySelector('#reject-all').addEventListener('click', function () { save(false); });
    box.querySelector('#save-choices').addEventListener('click', function () { save(box.querySelector('#analytics-choice').checked); });
  }
  var known = record();
  if (known) {
    if (known.analytics) { loadAnalytics(); }
    return;
  }
  window.addEventListener('load', function () {
    setTimeout(function () {
      box = document.createElement('div');
      box.className = 'site-cookie-box';
      box.setAttribute('role', 'dialog');
      box.setAttribute('aria-labelledby', 'cookie-box-title');
      box.innerHTML = '<h2 id="cookie-box-title">Can we use cookies?</h2>' +
        '<p>We use essential cookies to run this website, and analytics cookies if you agree.</p>' +
        '<button type="button" id="accept-all">Accept all cookies</button> <button type="button" id="manage-cookies">Manage cookies</button>';
      document.body.appendChild(box);
      box.querySelector('#accept-all').addEventListener('click', function () { save(true); });
      box.querySelector('#manage-cookies').addEventListener('click', secondLayer);
      requestAnimationFrame(function () { requestAnimationFrame(function () { box.classList.add('shown'); }); });
    }, 300);
  });
  var style = document.createElement('style');
  style.textContent = '.site-cookie-box{position:fixed;left:16px;bottom:16px;max-width:520px;background:#fff;border:3px solid #005ea5;padding:16px;font:15px sans-serif;opacity:0;transition:opacity .3s}.site-cookie-box.shown{opacity:1}.site-cookie-box button{margin:4px;padding:8px 14px}';
  document.head.appendChild(style);
})();
