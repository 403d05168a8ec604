// A small stand-in for Silktide's Consent Manager, written for the
// fixtures: silktideCookieBannerManager.updateCookieBannerConfig builds
// #silktide-wrapper with the #silktide-banner ("Accept all", "Reject
// non-essential", "Preferences"), the #silktide-modal preferences dialog and
// the cookie icon shown once a choice is made. Choices live in localStorage
// (silktideCookieChoice_<id> = "true" or "false", and
// silktideCookieBanner_InitialChoice); each cookie type's onAccept or
// onReject runs on a choice and onAccept again on later pages.
(function () {
  var config = null;
  var wrapper = null;

  function choice(id) { return localStorage.getItem('silktideCookieChoice_' + id); }
  function hasChosen() { return localStorage.getItem('silktideCookieBanner_InitialChoice') === '1'; }
  function decide(chooser) {
    config.cookieTypes.forEach(function (t) {
      var on = !!t.required || chooser(t);
      localStorage.setItem('silktideCookieChoice_' + t.id, String(on));
      if (on && t.onAccept) { t.onAccept(); }
      if (!on && t.onReject) { t.onReject(); }
    });
    localStorage.setItem('silktideCookieBanner_InitialChoice', '1');
    var banner = document.getElementById('silktide-banner');
    if (banner) { banner.remove(); }
    var modal = document.getElementById('silktide-modal');
    if (modal) { modal.remove(); }
    var back = document.getElementById('silktide-backdrop');
    if (back) { back.style.display = 'none'; }
    icon();
  }
  function icon() {
    var b = document.createElement('button');
    b.id = 'silktide-cookie-icon';
    b.className = config.cookieIcon && config.cookieIcon.position || 'bottomLeft';
    b.setAttribute('aria-label', 'Cookie preferences');
    b.innerHTML = '<svg width="38" height="38" viewBox="0 0 38 38" aria-hidden="true"><circle cx="19" cy="19" r="17" fill="#533BE2"/></svg>';
    b.addEventListener('click', openModal);
    wrapper.appendChild(b);
  }
  function openModal() {
    var t = (config.text && config.text.preferences) || {};
    var modal = document.createElement('section');
    modal.id = 'silktide-modal';
    modal.setAttribute('role', 'dialog');
    modal.setAttribute('aria-modal', 'true');
    modal.setAttribute('aria-labelledby', 'silktide-modal-title');
    modal.innerHTML = '<header><h1 id="silktide-modal-title">' + (t.title || 'Customize your cookie preferences') + '</h1>' +
      '<button class="modal-close" aria-label="Close cookie preferences">&times;</button></header>' +
      '<div class="modal-body">' + (t.description || '') + config.cookieTypes.map(function (c) {
        var on = choice(c.id) === 'true' || (choice(c.id) === null && !!c.defaultValue);
        return '<fieldset><legend>' + c.name + '</legend><div class="cookie-type-content"><div class="cookie-type-description">' + c.description + '</div>' +
          '<label class="switch" for="cookies-' + c.id + '"><input type="checkbox" id="cookies-' + c.id + '"' + (c.required ? ' checked disabled' : on ? ' checked' : '') + '>' +
          '<span class="switch__pill" aria-hidden="true"></span><span class="switch__dot" aria-hidden="true"></span>' +
          '<span class="switch__off" aria-hidden="true">Off</span><span class="switch__on" aria-hidden="true">On</span></label></div></fieldset>';
      }).join('') + '</div>' +
      '<footer><button class="preferences-accept-all st-button st-button--primary">Accept all</button>' +
      '<button class="preferences-reject-all st-button st-button--primary">Reject all</button></footer>';
    wrapper.appendChild(modal);
    modal.querySelector('.preferences-accept-all').addEventListener('click', function () { decide(function () { return true; }); });
    modal.querySelector('.preferences-reject-all').addEventListener('click', function () { decide(function () { return false; }); });
    modal.querySelector('.modal-close').addEventListener('click', function () {
      decide(function (c) { return modal.querySelector('#cookies-' + c.id).checked; });
    });
  }
  function banner() {
    var t = (config.text && config.text.banner) || {};
    var b = document.createElement('div');
    b.id = 'silktide-banner';
    b.className = (config.position && config.position.banner) || 'bottomRight';
    b.setAttribute('role', 'dialog');
    b.setAttribute('aria-label', 'Cookie banner');
    b.innerHTML = t.description +
      '<div class="actions"><button class="accept-all st-button st-button--primary" aria-label="' + (t.acceptAllButtonAccessibleLabel || 'Accept all') + '">' + (t.acceptAllButtonText || 'Accept all') + '</button>' +
      '<button class="reject-all st-button st-button--primary" aria-label="' + (t.rejectNonEssentialButtonAccessibleLabel || 'Reject non-essential') + '">' + (t.rejectNonEssentialButtonText || 'Reject non-essential') + '</button>' +
      '<div class="actions-row"><button class="preferences" aria-label="' + (t.preferencesButtonAccessibleLabel || 'Toggle preferences') + '"><span>' + (t.preferencesButtonText || 'Preferences') + '</span></button>' +
      '<a class="silktide-logo" href="https://silktide.com/consent-manager" aria-label="Visit the Silktide Consent Manager page">Silktide</a></div></div>';
    wrapper.appendChild(b);
    b.querySelector('.accept-all').addEventListener('click', function () { decide(function () { return true; }); });
    b.querySelector('.reject-all').addEventListener('click', function () { decide(function () { return false; }); });
    b.querySelector('.preferences').addEventListener('click', openModal);
    requestAnimationFrame(function () { requestAnimationFrame(function () { b.classList.add('loaded'); }); });
  }
  function start() {
    wrapper = document.createElement('div');
    wrapper.id = 'silktide-wrapper';
    document.body.appendChild(wrapper);
    if (hasChosen()) {
      config.cookieTypes.forEach(function (t) { if (choice(t.id) === 'true' && t.onAccept) { t.onAccept(); } });
      icon();
      return;
    }
    banner();
  }
  window.silktideCookieBannerManager = {
    updateCookieBannerConfig: function (cfg) {
      config = cfg;
      if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', function () { setTimeout(start, 200); }); } else { setTimeout(start, 200); }
    },
  };
  var style = document.createElement('style');
  style.textContent = '#silktide-banner{position:fixed;z-index:99999;right:24px;bottom:24px;max-width:600px;background:#fff;border:1px solid #533BE2;padding:24px;font:15px sans-serif;opacity:0;transform:translateY(24px);transition:opacity .3s,transform .3s}' +
    '#silktide-banner.loaded{opacity:1;transform:none}#silktide-banner button{margin:4px;padding:8px 14px}' +
    '#silktide-modal{position:fixed;z-index:100000;top:10%;left:25%;width:50%;background:#fff;border:1px solid #533BE2;padding:24px;font:15px sans-serif}' +
    '#silktide-cookie-icon{position:fixed;left:16px;bottom:16px;width:44px;height:44px;border:0;background:none;z-index:99998}';
  document.head.appendChild(style);
})();
