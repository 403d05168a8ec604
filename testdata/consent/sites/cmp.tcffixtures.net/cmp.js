// A small IAB TCF v2.2 consent manager written for the fixtures. Like many
// commercial CMPs it shows no banner to what it takes for a bot:
// navigator.webdriver, a HeadlessChrome user agent or client hint brand, or
// a crawler's user agent. The __tcfapi function answers ping,
// addEventListener and getTCData with the purposes consented; the choice is
// kept in the euconsent-v2 cookie (a made-up TC string carrying the
// purposes) and the page's analytics tag waits for purpose 8 (measure
// content performance).
(function () {
  var purposes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  var listeners = [];
  var consents = null;

  function isBot() {
    var ua = navigator.userAgent || '';
    if (navigator.webdriver) { return 'webdriver'; }
    if (/HeadlessChrome|bot|crawl|spider|slurp|lighthouse/i.test(ua)) { return 'user agent'; }
    var brands = (navigator.userAgentData && navigator.userAgentData.brands) || [];
    if (brands.some(function (b) { return /Headless/i.test(b.brand); })) { return 'client hints'; }
    return '';
  }
  function readRecord() {
    var m = document.cookie.match(/(?:^|; )euconsent-v2=([^;]*)/);
    if (!m) { return null; }
    // The made-up string: "CP" + one letter per purpose, Y or N.
    var bits = m[1].slice(2, 2 + purposes.length);
    var out = {};
    purposes.forEach(function (p, i) { out[p] = bits.charAt(i) === 'Y'; });
    return out;
  }
  function tcString() {
    return 'CP' + purposes.map(function (p) { return consents[p] ? 'Y' : 'N'; }).join('') + 'AAAAGBA';
  }
  function tcData(status) {
    return {
      tcString: consents ? tcString() : '', tcfPolicyVersion: 5, cmpId: 999, cmpVersion: 1, gdprApplies: true,
      eventStatus: status, cmpStatus: 'loaded', isServiceSpecific: true, useNonStandardTexts: false, publisherCC: 'GB',
      purposeOneTreatment: false, purpose: { consents: consents || {}, legitimateInterests: {} }, vendor: { consents: {}, legitimateInterests: {} },
    };
  }
  window.__tcfapi = function (command, version, callback) {
    if (command === 'ping') { callback({ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: consents ? 'hidden' : 'visible', apiVersion: '2.2', cmpVersion: 1, cmpId: 999, tcfPolicyVersion: 5 }, true); return; }
    if (command === 'getTCData') { callback(tcData(consents ? 'tcloaded' : 'cmpuishown'), true); return; }
    if (command === 'addEventListener') { listeners.push(callback); callback(tcData(consents ? 'tcloaded' : 'cmpuishown'), true); return; }
    callback(null, false);
  };
  function loadAnalytics() {
    var s = document.createElement('script');
    s.src = 'https://stats.fixturemetrics.net/a.js';
    document.head.appendChild(s);
  }
  function decide(all) {
    consents = {};
    purposes.forEach(function (p) { consents[p] = all; });
    document.cookie = 'euconsent-v2=' + tcString() + '; max-age=' + 390 * 86400 + '; path=/; SameSite=Lax; Secure';
    var d = document.getElementById('tcf-consent-dialog');
    if (d) { d.remove(); }
    if (consents[8]) { loadAnalytics(); }
    listeners.forEach(function (cb) { cb(tcData('useractioncomplete'), true); });
  }
  consents = readRecord();
  if (consents) {
    if (consents[8]) { loadAnalytics(); }
    return;
  }
  window.addEventListener('load', function () {
    var why = isBot();
    if (why) {
      document.documentElement.setAttribute('data-cmp-hidden-from', why);
      return;
    }
    setTimeout(function () {
      var d = document.createElement('div');
      d.id = 'tcf-consent-dialog';
      d.setAttribute('role', 'dialog');
      d.setAttribute('aria-modal', 'true');
      d.setAttribute('aria-label', 'Your privacy choices');
      d.innerHTML = '<h2>We value your privacy</h2><p>We and our partners store and access information on your device, such as cookies, to measure content performance and show personalised advertising. You can accept or reject all purposes.</p>' +
        '<button type="button" class="tcf-reject">Reject all</button> <button type="button" class="tcf-accept">Accept all</button>';
      document.body.appendChild(d);
      d.querySelector('.tcf-accept').addEventListener('click', function () { decide(true); });
      d.querySelector('.tcf-reject').addEventListener('click', function () { decide(false); });
    }, 300);
  });
  var style = document.createElement('style');
  style.textContent = '#tcf-consent-dialog{position:fixed;top:20%;left:20%;right:20%;background:#fff;border:2px solid #222;padding:20px;font:15px sans-serif;z-index:99999}#tcf-consent-dialog button{margin:4px;padding:8px 14px}';
  document.head.appendChild(style);
})();
