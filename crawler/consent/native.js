// native.js runs in cookieaudit's own isolated world of every frame. It
// lists the visible controls a visitor could press, with their accessible
// names and whether they sit in something that talks about cookies; Go
// decides which to press. Elements are kept here between calls, so the page
// never sees them and cannot tamper with the list.
(() => {
  if (globalThis.__cookieauditNative) {
    return;
  }
  const PRIMARY = 'button, a[href], a[role="button"], [role="button"], [role="link"], [role="menuitem"], input[type="button"], input[type="submit"], input[type="image"]';
  const SECONDARY = '[onclick], [class*="btn" i], [class*="button" i], [tabindex="0"]';
  const TOGGLES = 'input[type="checkbox"], [role="switch"], [role="checkbox"]';
  const COOKIE_WORDS = /cookie|consent|gdpr|privacy|tracking|analytic|personal data|your choices|your data|storage|datenschutz/i;
  const CONTAINER_HINT = /cookie|consent|gdpr|banner|notice|cmp|privacy|cc[-_]|klaro|osano|onetrust|cybot|ccc/i;
  const NECESSARY = /necessary|essential|required|strictly|always active/i;
  const NOT_NECESSARY = /non[- ]?(essential|necessary|required)|\bnot\b[^.]*\b(necessary|essential|required)|unnecessary/i;
  const REFUSE = /^(no\b|off\b|do not\b|don't\b|don’t\b|reject|deny|disable|decline|refuse|i do not)/i;
  const MAX_TEXT = 4000;
  let kept = [];

  // parentOf climbs out of shadow roots to their hosts.
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;

  // deepAll finds matches in the document and every open shadow root.
  const deepAll = (root, selector, out) => {
    for (const el of root.querySelectorAll(selector)) {
      out.push(el);
    }
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        deepAll(el.shadowRoot, selector, out);
      }
    }
    return out;
  };

  const visible = (el) => {
    if (!el.isConnected) {
      return false;
    }
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) {
      return false;
    }
    const r = el.getBoundingClientRect();
    return r.width >= 2 && r.height >= 2;
  };

  const clean = (s) => String(s || '').replace(/\s+/g, ' ').trim().slice(0, 200);

  const nameOf = (el) => {
    const label = el.getAttribute('aria-label');
    if (label && clean(label)) {
      return clean(label);
    }
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const root = el.getRootNode();
      const text = by.split(/\s+/).map((id) => (root.getElementById ? root.getElementById(id) : document.getElementById(id))).filter(Boolean).map((n) => n.textContent).join(' ');
      if (clean(text)) {
        return clean(text);
      }
    }
    if (el instanceof HTMLInputElement) {
      return clean(el.value || el.alt || el.title);
    }
    const text = clean(el.innerText || el.textContent);
    if (text) {
      return text;
    }
    const img = el.querySelector && el.querySelector('img[alt]');
    return clean((img && img.alt) || el.title);
  };

  // textInfo says whether an element's text is too long for a banner and
  // whether it talks about cookies; a scan asks for the same ancestors over
  // and over, so answers are kept until the next scan.
  let texts = new Map();
  const textInfo = (n) => {
    let info = texts.get(n);
    if (!info) {
      const text = n.innerText || n.textContent || '';
      info = { long: text.length > MAX_TEXT, cookie: COOKIE_WORDS.test(text) };
      texts.set(n, info);
    }
    return info;
  };

  // context describes the ancestors: does one of modest size talk about
  // cookies (inBanner), does one float over the page (overlay: fixed,
  // sticky or a dialog), and is one marked as a consent box by its id,
  // class or label (hinted).
  const context = (el) => {
    let inBanner = false;
    let overlay = false;
    let hinted = false;
    let small = true;
    let n = parentOf(el);
    for (let depth = 0; n && depth < 30; depth++, n = parentOf(n)) {
      if (n === document.body || n === document.documentElement) {
        break;
      }
      if (small) {
        const info = textInfo(n);
        if (info.long || depth >= 14) {
          small = false;
        } else if (info.cookie) {
          inBanner = true;
        }
      }
      const hint = (n.id || '') + ' ' + (typeof n.className === 'string' ? n.className : '') + ' ' + (n.getAttribute('aria-label') || '') + ' ' + n.tagName;
      if (CONTAINER_HINT.test(hint)) {
        hinted = true;
      }
      const style = getComputedStyle(n);
      const role = n.getAttribute('role');
      if (style.position === 'fixed' || style.position === 'sticky' || role === 'dialog' || role === 'alertdialog' || n.getAttribute('aria-modal') === 'true' || n.tagName === 'DIALOG') {
        overlay = true;
      }
    }
    // A frame that is itself a consent dialog: its whole (short) body talks
    // about cookies.
    if (!inBanner && window.top !== window && document.body) {
      const info = textInfo(document.body);
      if (!info.long && info.cookie) {
        inBanner = true;
        overlay = true;
      }
    }
    return { inBanner, overlay, hinted };
  };

  // navigates reports whether activating a link loads another page (other
  // than this one with a different query, which some banners use to record
  // the choice on the server).
  const navigates = (el) => {
    const a = el.closest ? el.closest('a[href]') : null;
    if (!a) {
      return '';
    }
    const raw = a.getAttribute('href') || '';
    if (raw === '' || raw.startsWith('#') || /^javascript:/i.test(raw)) {
      return '';
    }
    try {
      const u = new URL(a.href, location.href);
      if (u.origin === location.origin && u.pathname === location.pathname) {
        return '';
      }
      return u.href;
    } catch (e) {
      return '';
    }
  };

  const markers = [
    ['cookieconsent3', '#cc-main'],
    ['cookieconsent2', '#cc--main'],
    ['klaro', '.klaro'],
    ['osano-cookieconsent', '.cc-window'],
    ['osano', '.osano-cm-window'],
    ['gov.uk', '.govuk-cookie-banner'],
    ['civic-cookie-control', '#ccc'],
    ['onetrust', '#onetrust-banner-sdk, #onetrust-consent-sdk'],
    ['cookiebot', '#CybotCookiebotDialog'],
    ['silktide', '#silktide-wrapper, .silktide-cookie-banner, #stcm-wrapper'],
    ['squiz', '#squiz-cookie-consent, .squiz-cookie-banner, #cookie-consent-banner:has(#accept-cdp-cookie)'],
    ['termly', '#termly-code-snippet-support'],
    ['iubenda', '#iubenda-cs-banner'],
    ['didomi', '#didomi-host'],
    ['quantcast', '.qc-cmp2-container'],
    ['usercentrics', '#usercentrics-root'],
    ['complianz', '#cmplz-cookiebanner-container'],
    ['cookieyes', '.cky-consent-container'],
    ['cookie-script', '#cookiescript_injected'],
    ['trustarc', '#truste-consent-track'],
  ];

  // cmpOf names the consent manager whose markup holds el, or, without
  // el, the first whose markup is on the page.
  const cmpOf = (el) => {
    if (!el) {
      for (const [name, sel] of markers) {
        if (deepAll(document, sel, []).length > 0) {
          return name;
        }
      }
      return '';
    }
    for (let n = el; n; n = parentOf(n)) {
      for (const [name, sel] of markers) {
        if (n.matches && n.matches(sel)) {
          return name;
        }
      }
    }
    return '';
  };

  // notActing reports whether an element only shows or sets something on
  // the banner: a tab ("Consent", "Details"), a switch or box ("Necessary")
  // or the label of one. Such controls never give or refuse consent.
  const notActing = (el) => {
    if (el.closest('[role="tab"], [role="tablist"], [role="switch"], [role="checkbox"], [role="radio"], [role="option"], [role="menuitemcheckbox"], [role="menuitemradio"]')) {
      return true;
    }
    const label = el.closest('label');
    if (label && label.control && label.control.matches(TOGGLES + ', input[type="radio"]')) {
      return true;
    }
    return false;
  };

  // scan lists the visible controls of the frame.
  const scan = () => {
    kept = [];
    texts = new Map();
    const out = [];
    const seen = new Set();
    const add = (el) => {
      if (seen.has(el) || !visible(el)) {
        return;
      }
      seen.add(el);
      if (el.disabled || el.getAttribute('aria-disabled') === 'true' || notActing(el)) {
        return;
      }
      const name = nameOf(el);
      if (!name) {
        return;
      }
      const ctx = context(el);
      kept.push({ el });
      out.push({
        index: kept.length - 1,
        name,
        tag: el.tagName.toLowerCase(),
        href: navigates(el),
        in_banner: ctx.inBanner,
        overlay: ctx.overlay,
        hinted: ctx.hinted,
        cmp: cmpOf(el),
      });
    };
    for (const el of deepAll(document, PRIMARY, [])) {
      add(el);
    }
    for (const el of deepAll(document, SECONDARY, [])) {
      if (el.closest(PRIMARY) || el.querySelector(PRIMARY) || el.matches(TOGGLES) || el.querySelector(SECONDARY)) {
        continue;
      }
      if (clean(el.innerText).length > 60) {
        continue;
      }
      add(el);
    }
    let moving = false;
    try {
      moving = document.getAnimations().some((a) => a.playState === 'running' || a.pending);
    } catch (e) {}
    return { url: location.href, top: window.top === window, cmp: cmpOf(null), controls: out.slice(0, 400), moving };
  };

  const press = (el) => {
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    if (typeof el.focus === 'function') {
      el.focus({ preventScroll: true });
    }
    el.click();
  };

  // click presses a control listed by the last scan.
  const click = (index) => {
    const k = kept[index];
    if (!k || !k.el.isConnected) {
      return { ok: false, error: 'control is gone' };
    }
    const name = nameOf(k.el);
    press(k.el);
    return { ok: true, name };
  };

  // clickSelector presses the first visible element matching a CSS selector
  // given in the configuration.
  const clickSelector = (selector) => {
    let found;
    try {
      found = deepAll(document, selector, []).find(visible);
    } catch (e) {
      return { ok: false, error: 'invalid selector: ' + e.message };
    }
    if (!found) {
      return { ok: false, error: '' };
    }
    const name = nameOf(found);
    press(found);
    return { ok: true, name };
  };

  // clearChoices switches off every ticked, changeable choice inside a box
  // that talks about cookies, leaving those marked necessary alone.
  const clearChoices = () => {
    texts = new Map();
    let cleared = 0;
    for (const el of deepAll(document, TOGGLES, [])) {
      if (el.disabled || el.getAttribute('aria-disabled') === 'true' || el.readOnly) {
        continue;
      }
      const on = el instanceof HTMLInputElement ? el.checked : el.getAttribute('aria-checked') === 'true';
      if (!on) {
        continue;
      }
      const ctx = context(el);
      if (!ctx.inBanner) {
        continue;
      }
      // The choice's own label says what it is; the surrounding row only
      // when there is no label (descriptions there often say "not
      // strictly necessary").
      const owner = el.closest('label') || (el.id && el.getRootNode().querySelector && el.getRootNode().querySelector('label[for="' + CSS.escape(el.id) + '"]'));
      let label = clean(nameOf(el) + ' ' + (owner ? owner.innerText : ''));
      if (label.length < 3) {
        const row = parentOf(el);
        label = clean(((row && row.innerText) || '').slice(0, 120));
      }
      if (NECESSARY.test(label) && !NOT_NECESSARY.test(label)) {
        continue;
      }
      // A hidden native checkbox is usually styled through its label.
      const target = visible(el) ? el : (owner && visible(owner) ? owner : el);
      target.click();
      if (el instanceof HTMLInputElement && el.checked && target !== el) {
        el.click();
      }
      cleared++;
    }
    // Radio groups ("Use cookies that measure my website use" / "Do not
    // use ..."): pick the refusing option of each group.
    const groups = new Map();
    for (const el of deepAll(document, 'input[type="radio"]', [])) {
      if (el.disabled || !el.name || !context(el).inBanner) {
        continue;
      }
      const owner = el.closest('label') || (el.id && el.getRootNode().querySelector && el.getRootNode().querySelector('label[for="' + CSS.escape(el.id) + '"]'));
      const label = clean((owner && owner.innerText) || el.value);
      if (!groups.has(el.name)) {
        groups.set(el.name, []);
      }
      groups.get(el.name).push({ el, owner, label });
    }
    for (const options of groups.values()) {
      const off = options.find((o) => REFUSE.test(o.label) || /^(no|off|false|reject|deny|0)$/i.test(o.el.value));
      if (!off || off.el.checked) {
        continue;
      }
      const target = visible(off.el) ? off.el : (off.owner && visible(off.owner) ? off.owner : off.el);
      target.click();
      cleared++;
    }
    return cleared;
  };

  // hash fingerprints a stored value so a changed choice can be noticed
  // without the value ever leaving the page.
  const hash = (v) => {
    let h = 5381;
    for (let i = 0; i < v.length; i++) {
      h = ((h << 5) + h + v.charCodeAt(i)) | 0;
    }
    return (h >>> 0).toString(16);
  };

  // storageKeys lists web storage keys with a fingerprint of each value.
  const storageKeys = () => {
    const out = [];
    for (const [area, name] of [['localStorage', 'localStorage'], ['sessionStorage', 'sessionStorage']]) {
      try {
        const s = globalThis[name];
        for (let i = 0; i < s.length; i++) {
          const k = s.key(i);
          out.push({ key: area + ':' + k, hash: hash(String(s.getItem(k))) });
        }
      } catch (e) {}
    }
    return out;
  };

  Object.defineProperty(globalThis, '__cookieauditNative', {
    value: Object.freeze({ scan, click, clickSelector, clearChoices, storageKeys }),
  });
})();
