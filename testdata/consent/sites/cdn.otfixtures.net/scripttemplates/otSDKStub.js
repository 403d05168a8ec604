// A small stand-in for OneTrust's cookie banner SDK, written for the
// fixtures: #onetrust-consent-sdk with the #onetrust-banner-sdk banner
// ("Accept All Cookies", "Reject All", "Cookies Settings") and the
// #onetrust-pc-sdk preference centre, the OneTrust object (AllowAll,
// RejectAll, ToggleInfoDisplay, IsAlertBoxClosed, OnConsentChanged), the
// OnetrustActiveGroups global, the OptanonConsent cookie (groups=C0001:1,...)
// written on the first visit and on every choice, the OptanonAlertBoxClosed
// cookie written on a choice, and script tags of type text/plain with class
// optanon-category-CXXXX enabled once their group is.
(function () {
  var groups = [
    { id: 'C0001', name: 'Strictly Necessary Cookies', necessary: true, text: 'These cookies are necessary for the website to function and cannot be switched off in our systems.' },
    { id: 'C0002', name: 'Performance Cookies', text: 'These cookies allow us to count visits and traffic sources so we can measure and improve the performance of our site.' },
    { id: 'C0003', name: 'Functional Cookies', text: 'These cookies enable the website to provide enhanced functionality and personalisation.' },
    { id: 'C0004', name: 'Targeting Cookies', text: 'These cookies may be set through our site by our advertising partners.' },
  ];
  var listeners = [];
  var status = {};

  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function readConsent() {
    var raw = cookie('OptanonConsent');
    if (!raw) { return null; }
    var out = {};
    raw.split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
    });
    return out;
  }
  function writeConsent(interactions) {
    var g = groups.map(function (x) { return x.id + ':' + (status[x.id] ? 1 : 0); }).join(',');
    var fields = [
      'isGpcEnabled=0',
      'datestamp=' + encodeURIComponent(new Date().toString()),
      'version=202409.1.0',
      'browserGpcFlag=0',
      'isIABGlobal=false',
      'hosts=',
      'consentId=' + (window.__otConsentId || (window.__otConsentId = Math.random().toString(16).slice(2))),
      'interactionCount=' + interactions,
      'isAnonUser=1',
      'landingPath=' + (interactions ? 'NotLandingPage' : encodeURIComponent(location.href)),
      'groups=' + encodeURIComponent(g),
      'AwaitingReconsent=false',
    ];
    document.cookie = 'OptanonConsent=' + fields.join('&') + '; max-age=' + 365 * 86400 + '; path=/; SameSite=Lax';
  }
  function publish() {
    var active = ',' + groups.filter(function (x) { return status[x.id]; }).map(function (x) { return x.id; }).join(',') + ',';
    window.OnetrustActiveGroups = active;
    window.OptanonActiveGroups = active;
    document.querySelectorAll('script[type="text/plain"][class*="optanon-category-"]').forEach(function (s) {
      var m = s.className.match(/optanon-category-([A-Z0-9-]+)/);
      var need = m ? m[1].split('-') : [];
      if (!need.every(function (id) { return status[id]; })) { return; }
      var n = document.createElement('script');
      if (s.src) { n.src = s.src; } else { n.textContent = s.textContent; }
      s.replaceWith(n);
    });
    if (typeof window.OptanonWrapper === 'function') { window.OptanonWrapper(); }
  }
  function choose(chooser) {
    groups.forEach(function (x) { status[x.id] = x.necessary || chooser(x); });
    var count = (Number((readConsent() || {}).interactionCount) || 0) + 1;
    writeConsent(count);
    document.cookie = 'OptanonAlertBoxClosed=' + new Date().toISOString() + '; max-age=' + 365 * 86400 + '; path=/; SameSite=Lax';
    close();
    publish();
    var active = window.OnetrustActiveGroups.split(',').filter(Boolean);
    listeners.forEach(function (fn) { fn({ detail: active }); });
    window.dispatchEvent(new CustomEvent('OneTrustGroupsUpdated', { detail: active }));
  }
  var sdk = null;
  function close() {
    if (sdk) { sdk.remove(); sdk = null; }
  }
  function showBanner() {
    sdk = document.createElement('div');
    sdk.id = 'onetrust-consent-sdk';
    sdk.innerHTML = '<div class="onetrust-pc-dark-filter ot-fade-in"></div>' +
      '<div id="onetrust-banner-sdk" class="otFlat ot-bottom" tabindex="0" role="region" aria-label="Cookie banner">' +
      '<div role="alertdialog" aria-describedby="onetrust-policy-text" aria-modal="true" aria-label="Privacy">' +
      '<div id="onetrust-policy"><div id="onetrust-policy-text">We use cookies to improve your experience on our website and to understand how it is used. You can accept or reject analytics and advertising cookies, or choose which to allow. ' +
      '<a class="ot-cookie-policy-link" href="/cookies/" aria-label="More information about your privacy, opens in a new tab" rel="noopener" target="_blank">Cookie Notice</a></div></div>' +
      '<div id="onetrust-button-group-parent" class="ot-sdk-three ot-sdk-columns"><div id="onetrust-button-group">' +
      '<button id="onetrust-pc-btn-handler">Cookies Settings</button>' +
      '<button id="onetrust-reject-all-handler">Reject All</button>' +
      '<button id="onetrust-accept-btn-handler">Accept All Cookies</button>' +
      '</div></div></div></div>';
    document.body.appendChild(sdk);
    sdk.querySelector('#onetrust-accept-btn-handler').addEventListener('click', window.OneTrust.AllowAll);
    sdk.querySelector('#onetrust-reject-all-handler').addEventListener('click', window.OneTrust.RejectAll);
    sdk.querySelector('#onetrust-pc-btn-handler').addEventListener('click', window.OneTrust.ToggleInfoDisplay);
    requestAnimationFrame(function () { requestAnimationFrame(function () { sdk.classList.add('ot-visible'); }); });
  }
  function showCentre() {
    if (!sdk) { showBanner(); }
    var banner = document.getElementById('onetrust-banner-sdk');
    if (banner) { banner.style.display = 'none'; }
    var rows = groups.map(function (x) {
      var control = x.necessary ? '<div class="ot-always-active">Always Active</div>' :
        '<div class="ot-tgl"><input type="checkbox" name="ot-group-id-' + x.id + '" id="ot-group-id-' + x.id + '" aria-checked="' + !!status[x.id] + '" class="category-switch-handler" data-optanongroupid="' + x.id + '"' + (status[x.id] ? ' checked' : '') + ' aria-labelledby="ot-header-id-' + x.id + '">' +
        '<label class="ot-switch" for="ot-group-id-' + x.id + '"><span class="ot-switch-nob"></span><span class="ot-label-txt">' + x.name + '</span></label></div>';
      return '<div class="ot-accordion-layout ot-cat-item" data-optanongroupid="' + x.id + '">' +
        '<button class="ot-accordion-header" aria-expanded="false" aria-controls="ot-desc-id-' + x.id + '"></button>' +
        '<h4 class="ot-cat-header" id="ot-header-id-' + x.id + '">' + x.name + '</h4>' + control +
        '<p class="ot-category-desc" id="ot-desc-id-' + x.id + '">' + x.text + '</p></div>';
    }).join('');
    var pc = document.createElement('div');
    pc.id = 'onetrust-pc-sdk';
    pc.className = 'otPcCenter ot-fade-in';
    pc.setAttribute('role', 'dialog');
    pc.setAttribute('aria-modal', 'true');
    pc.setAttribute('aria-labelledby', 'ot-pc-title');
    pc.innerHTML = '<div class="ot-pc-header"><button id="close-pc-btn-handler" class="ot-close-icon" aria-label="Close"></button></div>' +
      '<div id="ot-pc-content" class="ot-pc-scrollbar"><h2 id="ot-pc-title">Privacy Preference Center</h2>' +
      '<div id="ot-pc-desc">When you visit any website, it may store or retrieve information on your browser, mostly in the form of cookies. You can choose not to allow some types of cookies.</div>' +
      '<button id="accept-recommended-btn-handler">Allow All</button>' +
      '<section class="ot-sdk-row ot-cat-grp"><h3 id="ot-category-title">Manage Consent Preferences</h3>' + rows + '</section></div>' +
      '<div class="ot-pc-footer"><div class="ot-btn-container">' +
      '<button class="ot-pc-refuse-all-handler">Reject All</button>' +
      '<button class="save-preference-btn-handler onetrust-close-btn-handler">Confirm My Choices</button></div></div>';
    sdk.appendChild(pc);
    pc.querySelectorAll('.category-switch-handler').forEach(function (el) {
      el.addEventListener('change', function () { el.setAttribute('aria-checked', String(el.checked)); });
    });
    pc.querySelector('#accept-recommended-btn-handler').addEventListener('click', window.OneTrust.AllowAll);
    pc.querySelector('.ot-pc-refuse-all-handler').addEventListener('click', window.OneTrust.RejectAll);
    pc.querySelector('.save-preference-btn-handler').addEventListener('click', function () {
      choose(function (x) { var el = pc.querySelector('#ot-group-id-' + x.id); return !!el && el.checked; });
    });
    pc.querySelector('#close-pc-btn-handler').addEventListener('click', function () { pc.remove(); if (banner) { banner.style.display = ''; } });
  }

  window.OneTrust = {
    AllowAll: function () { choose(function () { return true; }); },
    RejectAll: function () { choose(function () { return false; }); },
    ToggleInfoDisplay: function () { showCentre(); },
    IsAlertBoxClosed: function () { return !!cookie('OptanonAlertBoxClosed'); },
    OnConsentChanged: function (fn) { listeners.push(fn); },
    GetDomainData: function () { return { Groups: groups.map(function (x) { return { CustomGroupId: x.id, GroupName: x.name }; }) }; },
  };

  var known = readConsent();
  groups.forEach(function (x) { status[x.id] = !!x.necessary; });
  if (known && known.groups) {
    known.groups.split(',').forEach(function (kv) { var p = kv.split(':'); status[p[0]] = p[1] === '1'; });
  } else {
    writeConsent(0);
  }
  var style = document.createElement('style');
  style.textContent = '#onetrust-banner-sdk{position:fixed;bottom:0;left:0;right:0;z-index:2147483645;background:#fff;border-top:1px solid #999;padding:16px 24px;font:15px sans-serif;opacity:0;transform:translateY(30px);transition:opacity .5s,transform .5s}' +
    '#onetrust-consent-sdk.ot-visible #onetrust-banner-sdk{opacity:1;transform:none}' +
    '#onetrust-pc-sdk{position:fixed;top:5%;left:25%;width:50%;max-height:90%;overflow:auto;z-index:2147483647;background:#fff;border:1px solid #666;padding:16px;font:15px sans-serif}' +
    '#onetrust-consent-sdk button{margin:4px;padding:8px 14px}';
  document.head.appendChild(style);
  function start() {
    publish();
    if (!cookie('OptanonAlertBoxClosed')) {
      // The SDK fetches the domain's template before it shows the banner.
      setTimeout(showBanner, 400);
    }
  }
  if (document.readyState === 'complete') { start(); } else { window.addEventListener('load', start); }
})();
