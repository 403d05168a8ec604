// A small stand-in for Cookiebot's uc.js, written for the fixtures: the
// #CybotCookiebotDialog dialog with its "Consent", "Details" and "About"
// tabs, the Necessary (disabled), Preferences, Statistics and Marketing
// switches and the "Deny", "Customize" and "Allow all" buttons; the
// Cookiebot object (consent, consented, declined, hasResponse,
// dialog.visible, show, hide, renew, withdraw, submitCustomConsent); the
// CookieConsent cookie; script tags of type text/plain with
// data-cookieconsent run once their categories are consented; and, on a
// refusal, the deletion of the declared cookies of refused categories.
// window.CookiebotDeclaration (set by the page) stands for the cookie
// declaration Cookiebot's scanner keeps for the domain.
(function () {
  var cats = [
    { id: 'necessary', label: 'Necessary', text: 'Necessary cookies help make a website usable by enabling basic functions like page navigation.' },
    { id: 'preferences', label: 'Preferences', text: 'Preference cookies enable a website to remember information that changes the way the website behaves or looks.' },
    { id: 'statistics', label: 'Statistics', text: 'Statistic cookies help website owners to understand how visitors interact with websites by collecting and reporting information anonymously.' },
    { id: 'marketing', label: 'Marketing', text: 'Marketing cookies are used to track visitors across websites.' },
  ];
  var dialogEl = null;

  function readRecord() {
    var m = document.cookie.match(/(?:^|; )CookieConsent=([^;]*)/);
    if (!m) { return null; }
    var raw = decodeURIComponent(m[1]);
    if (raw === '-1') { return { necessary: true, preferences: true, statistics: true, marketing: true, method: 'implied' }; }
    var out = {};
    raw.replace(/^\{|\}$/g, '').split(',').forEach(function (kv) {
      var i = kv.indexOf(':');
      var v = kv.slice(i + 1).replace(/^'|'$/g, '');
      out[kv.slice(0, i)] = v === 'true' ? true : v === 'false' ? false : v;
    });
    return out;
  }
  function writeRecord(c) {
    var stamp = Cookiebot.consent.stamp || (Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2));
    var v = "{stamp:'" + stamp + "',necessary:true,preferences:" + c.preferences + ',statistics:' + c.statistics + ',marketing:' + c.marketing + ",method:'explicit',ver:1,utc:" + Date.now() + ",region:'gb'}";
    document.cookie = 'CookieConsent=' + encodeURIComponent(v) + '; max-age=' + 365 * 86400 + '; path=/; SameSite=None; Secure';
    Cookiebot.consent.stamp = stamp;
  }
  function deleteDeclared(category) {
    var declared = (window.CookiebotDeclaration || {})[category] || [];
    var have = document.cookie.split('; ').map(function (kv) { return kv.split('=')[0]; });
    declared.forEach(function (pattern) {
      var re = new RegExp('^' + pattern.replace(/[.]/g, '\\.').replace(/#/g, '.+') + '$');
      have.forEach(function (name) {
        if (re.test(name)) { document.cookie = name + '=; max-age=0; path=/'; }
      });
    });
  }
  function runScripts() {
    document.querySelectorAll('script[type="text/plain"][data-cookieconsent]').forEach(function (s) {
      var need = s.getAttribute('data-cookieconsent').split(',').map(function (x) { return x.trim(); });
      if (!need.every(function (c) { return c === 'ignore' || Cookiebot.consent[c]; })) { return; }
      var n = document.createElement('script');
      if (s.src) { n.src = s.src; } else { n.textContent = s.textContent; }
      s.replaceWith(n);
    });
  }
  function submit(c) {
    Cookiebot.consent.necessary = true;
    ['preferences', 'statistics', 'marketing'].forEach(function (k) {
      Cookiebot.consent[k] = !!c[k];
      if (!c[k]) { deleteDeclared(k); }
    });
    Cookiebot.consent.method = 'explicit';
    Cookiebot.hasResponse = true;
    Cookiebot.consented = !!(c.preferences || c.statistics || c.marketing);
    Cookiebot.declined = !Cookiebot.consented;
    writeRecord(Cookiebot.consent);
    Cookiebot.hide();
    runScripts();
    window.dispatchEvent(new Event(Cookiebot.consented ? 'CookiebotOnAccept' : 'CookiebotOnDecline'));
  }

  function build() {
    var tabs = [['Declaration', 'Consent', true], ['Details', 'Details', false], ['AboutUs', 'About', false]];
    var nav = '<nav id="CybotCookiebotDialogNav" role="tablist" aria-label="Cookie consent">' + tabs.map(function (t) {
      return '<a id="CybotCookiebotDialogNav' + t[0] + '" class="CybotCookiebotDialogNavItemLink' + (t[2] ? ' CybotCookiebotDialogActive' : '') + '" href="#" role="tab" aria-selected="' + t[2] + '">' + t[1] + '</a>';
    }).join('') + '</nav>';
    var levels = cats.map(function (c) {
      var id = 'CybotCookiebotDialogBodyLevelButton' + c.label;
      var fixed = c.id === 'necessary';
      return '<div class="CybotCookiebotDialogBodyLevelButtonWrapper">' +
        '<label class="CybotCookiebotDialogBodyLevelButtonLabel" for="' + id + '"><strong class="CybotCookiebotDialogBodyLevelButtonDescription">' + c.label + '</strong></label>' +
        '<div class="CybotCookiebotDialogBodyLevelButtonSliderWrapper' + (fixed ? ' CybotCookiebotDialogBodyLevelButtonSliderWrapperDisabled' : '') + '">' +
        '<input type="checkbox" id="' + id + '" class="CybotCookiebotDialogBodyLevelButton CybotCookiebotDialogBodyLevelButtonLevelOptinCheckbox' + (fixed ? ' CybotCookiebotDialogBodyLevelButtonDisabled' : '') + '" data-target="' + id + '"' + (fixed ? ' disabled checked' : '') + '>' +
        '<span class="CybotCookiebotDialogBodyLevelButtonSlider"></span></div></div>';
    }).join('');
    dialogEl = document.createElement('div');
    dialogEl.id = 'CybotCookiebotDialog';
    dialogEl.setAttribute('name', 'CybotCookiebotDialog');
    dialogEl.setAttribute('role', 'dialog');
    dialogEl.setAttribute('aria-modal', 'true');
    dialogEl.setAttribute('aria-labelledby', 'CybotCookiebotDialogBodyContentTitle');
    dialogEl.className = 'CybotEdge CybotCookiebotDialogContentWrapper';
    dialogEl.innerHTML = '<div class="CybotCookiebotDialogContentWrapper">' + nav +
      '<div id="CybotCookiebotDialogTabContent"><div id="CybotCookiebotDialogBody">' +
      '<h2 id="CybotCookiebotDialogBodyContentTitle">This website uses cookies</h2>' +
      '<div id="CybotCookiebotDialogBodyContentText">We use cookies to personalise content and ads, to provide social media features and to analyse our traffic. You can allow all cookies, deny them or choose which to allow.</div>' +
      '</div><div id="CybotCookiebotDialogBodyLevelWrapper"><div id="CybotCookiebotDialogBodyLevelButtonsSelectPane" class="CybotCookiebotDialogBodyLevelButtons">' + levels + '</div></div></div>' +
      '<div id="CybotCookiebotDialogFooter"><div id="CybotCookiebotDialogBodyButtonsWrapper">' +
      '<button id="CybotCookiebotDialogBodyButtonDecline" class="CybotCookiebotDialogBodyButton">Deny</button>' +
      '<button id="CybotCookiebotDialogBodyLevelButtonCustomize" class="CybotCookiebotDialogBodyButton">Customize</button>' +
      '<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection" class="CybotCookiebotDialogBodyButton" style="display:none">Allow selection</button>' +
      '<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll" class="CybotCookiebotDialogBodyButton">Allow all</button>' +
      '</div></div></div>';
    document.body.appendChild(dialogEl);
    var sel = function (s) { return dialogEl.querySelector(s); };
    sel('#CybotCookiebotDialogBodyButtonDecline').addEventListener('click', function () { submit({}); });
    sel('#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll').addEventListener('click', function () { submit({ preferences: true, statistics: true, marketing: true }); });
    sel('#CybotCookiebotDialogBodyLevelButtonCustomize').addEventListener('click', function () {
      sel('#CybotCookiebotDialogBodyLevelButtonCustomize').style.display = 'none';
      sel('#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection').style.display = '';
    });
    sel('#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection').addEventListener('click', function () {
      submit({
        preferences: sel('#CybotCookiebotDialogBodyLevelButtonPreferences').checked,
        statistics: sel('#CybotCookiebotDialogBodyLevelButtonStatistics').checked,
        marketing: sel('#CybotCookiebotDialogBodyLevelButtonMarketing').checked,
      });
    });
    dialogEl.querySelectorAll('.CybotCookiebotDialogNavItemLink').forEach(function (a) {
      a.addEventListener('click', function (e) {
        e.preventDefault();
        dialogEl.querySelectorAll('.CybotCookiebotDialogNavItemLink').forEach(function (b) { b.setAttribute('aria-selected', String(a === b)); });
      });
    });
  }

  var Cookiebot = {
    consent: { necessary: true, preferences: false, statistics: false, marketing: false, stamp: '', method: null },
    consented: false,
    declined: false,
    hasResponse: false,
    dialog: { visible: false },
    show: function () {
      if (!dialogEl) { build(); }
      dialogEl.style.display = '';
      Cookiebot.dialog.visible = true;
      requestAnimationFrame(function () { requestAnimationFrame(function () { dialogEl.classList.add('CybotCookiebotDialogActive'); }); });
    },
    hide: function () {
      if (dialogEl) { dialogEl.classList.remove('CybotCookiebotDialogActive'); dialogEl.style.display = 'none'; }
      Cookiebot.dialog.visible = false;
    },
    renew: function () { Cookiebot.show(); },
    withdraw: function () { submit({}); Cookiebot.show(); },
    submitCustomConsent: function (preferences, statistics, marketing) { submit({ preferences: preferences, statistics: statistics, marketing: marketing }); },
    runScripts: runScripts,
  };
  window.Cookiebot = window.CookieConsent = Cookiebot;

  var known = readRecord();
  if (known) {
    ['preferences', 'statistics', 'marketing'].forEach(function (k) { Cookiebot.consent[k] = !!known[k]; });
    Cookiebot.consent.method = known.method || 'explicit';
    Cookiebot.hasResponse = true;
    Cookiebot.consented = !!(known.preferences || known.statistics || known.marketing);
    Cookiebot.declined = !Cookiebot.consented;
  }
  var style = document.createElement('style');
  style.textContent = '#CybotCookiebotDialog{position:fixed;z-index:2147483631;left:50%;bottom:16px;width:min(900px,95vw);transform:translate(-50%,40px);opacity:0;transition:opacity .5s,transform .5s;background:#fff;border:1px solid #999;padding:16px;font:15px sans-serif}' +
    '#CybotCookiebotDialog.CybotCookiebotDialogActive{opacity:1;transform:translate(-50%,0)}' +
    '#CybotCookiebotDialogNav a{margin-right:16px} #CybotCookiebotDialog button{margin:4px;padding:8px 14px}' +
    '.CybotCookiebotDialogBodyLevelButtonWrapper{display:inline-block;margin:8px}';
  document.head.appendChild(style);
  function start() {
    if (Cookiebot.hasResponse) { runScripts(); return; }
    setTimeout(Cookiebot.show, 300);
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
