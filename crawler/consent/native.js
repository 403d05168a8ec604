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

  // parseColour reads a computed colour as [r, g, b, a] (0–255, alpha
  // 0–1): "rgb(r, g, b)", "rgba(r, g, b, a)" (commas or spaces) and
  // "color(srgb r g b / a)" (0–1), the forms Chrome computes sRGB colours
  // to; null for any other (a colour in another space, say).
  const parseColour = (s) => {
    const text = String(s || '').trim();
    const alpha = (a) => {
      if (a === undefined) {
        return 1;
      }
      const v = a.endsWith('%') ? parseFloat(a) / 100 : parseFloat(a);
      return Math.max(0, Math.min(1, v));
    };
    let m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(text);
    if (m) {
      return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), alpha(m[4])];
    }
    m = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(text);
    if (m) {
      return [parseFloat(m[1]) * 255, parseFloat(m[2]) * 255, parseFloat(m[3]) * 255, alpha(m[4])];
    }
    return null;
  };

  // over composites a colour with alpha over an opaque one.
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);

  // luminance is WCAG 2's relative luminance of an opaque colour.
  const luminance = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };

  // contrast is WCAG 2's contrast ratio of two opaque colours.
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  const hex = (c) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

  // backdrop is the opaque colour drawn behind an element's content: its
  // own background and its ancestors', walked up past transparent and
  // translucent ones and composited, over the canvas's white. image is
  // true when a background image or gradient lies in the way, so the
  // colour is only the one beneath it.
  const backdrop = (el) => {
    const layers = [];
    let image = false;
    let unknown = false;
    for (let n = el; n; n = parentOf(n)) {
      if (!(n instanceof Element)) {
        continue;
      }
      const style = getComputedStyle(n);
      if (style.backgroundImage && style.backgroundImage !== 'none') {
        image = true;
      }
      const c = parseColour(style.backgroundColor);
      if (!c && style.backgroundColor !== 'transparent') {
        unknown = true; // a colour space this does not convert
      }
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) {
          break;
        }
      }
    }
    let colour = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) {
      colour = over(layers[i], colour);
    }
    return { colour, image, unknown };
  };

  // textHolder is the element whose style draws a control's text: the
  // parent of its first visible piece of text, or the control itself.
  const textHolder = (el) => {
    if (el instanceof HTMLInputElement) {
      return el;
    }
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t.textContent.trim() && t.parentElement && visible(t.parentElement)) {
        return t.parentElement;
      }
    }
    return el;
  };

  // drawnAsButton reports whether a control has a shape of its own: a fill
  // that stands out from what is behind it, a border on at least three
  // sides, or a shadow. Without one a visitor sees only text: a link.
  const drawnAsButton = (el, style) => {
    const fill = parseColour(style.backgroundColor);
    if (fill && fill[3] > 0.1) {
      const parent = parentOf(el);
      const behind = parent ? backdrop(parent).colour : [255, 255, 255, 1];
      if (contrast(over(fill, behind), behind) >= 1.1) {
        return true;
      }
    }
    if (style.backgroundImage && style.backgroundImage !== 'none') {
      return true;
    }
    let sides = 0;
    for (const side of ['Top', 'Right', 'Bottom', 'Left']) {
      const c = parseColour(style['border' + side + 'Color']);
      if (parseFloat(style['border' + side + 'Width']) >= 1 && style['border' + side + 'Style'] !== 'none' && c && c[3] > 0.1) {
        sides++;
      }
    }
    return sides >= 3 || (style.boxShadow && style.boxShadow !== 'none');
  };

  // look measures how a control is drawn: its box, its text's size,
  // weight and colour, the colour behind that text and their WCAG
  // contrast ratio, and whether it is drawn as a button or as a link.
  const look = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const holder = textHolder(el);
    const ts = getComputedStyle(holder);
    const back = backdrop(holder);
    const text = parseColour(ts.color);
    let fg = text || [0, 0, 0, 1];
    // Opacity fades the text into what is behind it.
    // A fade still running (a banner fading in) is taken as finished.
    let fade = 1;
    for (let n = holder; n; n = parentOf(n)) {
      if (n instanceof Element && !(n.getAnimations && n.getAnimations().some((an) => an.playState === 'running' || an.pending))) {
        const o = parseFloat(getComputedStyle(n).opacity);
        fade *= Number.isNaN(o) ? 1 : o;
      }
    }
    fg = over([fg[0], fg[1], fg[2], fg[3] * fade], back.colour);
    const round = (v, d) => Math.round(v * d) / d;
    return {
      name: nameOf(el),
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role') || '',
      appearance: drawnAsButton(el, style) ? 'button' : 'link',
      x: round(r.left + window.scrollX, 10),
      y: round(r.top + window.scrollY, 10),
      // The layout size, which a running scale animation does not change.
      width: round(el.offsetWidth || r.width, 10),
      height: round(el.offsetHeight || r.height, 10),
      font_size: round(parseFloat(ts.fontSize) || 0, 10),
      font_weight: parseInt(ts.fontWeight, 10) || 400,
      color: hex(fg),
      background: hex(back.colour),
      contrast: back.image || back.unknown || !text ? 0 : round(contrast(fg, back.colour), 100),
    };
  };

  // measure measures a control listed by the last scan.
  const measure = (index) => {
    const k = kept[index];
    if (!k || !k.el.isConnected) {
      return null;
    }
    return look(k.el);
  };

  // labelOf is what a choice's own label says it is; the surrounding row
  // only when there is no label (descriptions there often say "not
  // strictly necessary").
  const labelOf = (el) => {
    const owner = el.closest('label') || (el.id && el.getRootNode().querySelector && el.getRootNode().querySelector('label[for="' + CSS.escape(el.id) + '"]'));
    // A box's value ("on") is no name; only its ARIA name and label are.
    const own = el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') || !(el instanceof HTMLInputElement) ? nameOf(el) : '';
    // The ARIA name often repeats the label's text: keep it once.
    const ownerText = owner ? clean(owner.textContent) : '';
    let label = clean(own + ' ' + ownerText);
    if (own && ownerText && (own.includes(ownerText) || ownerText.includes(own))) {
      label = own.length >= ownerText.length ? own : ownerText;
    }
    // A switch labelled only with its states ("On Off") takes its row's
    // heading, or the row's text when the row is short.
    if (clean(label.replace(STATE_WORDS, '')).length < 3 || ONLY_STATES.test(label)) {
      label = '';
      for (let n = parentOf(el), depth = 0; n && depth < 5 && !label; n = parentOf(n), depth++) {
        const heading = n.querySelector && n.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"], legend, strong, b');
        const text = clean(((heading && heading.textContent) || (n.textContent.length < 120 ? n.textContent : '')).replace(STATE_WORDS, ''));
        if (text.length >= 3 && !ONLY_STATES.test(text)) {
          label = text;
        }
      }
    }
    return { label, owner };
  };

  // STATE_WORDS are the words a switch shows of its own state.
  const STATE_WORDS = /\b(on|off|yes|no|enabled?|disabled?|active|inactive)\b/gi;
  const ONLY_STATES = /^(on|off|yes|no|enabled?|disabled?|active|inactive|\s)+$/i;

  // OPTIONAL names purposes that are never strictly necessary.
  const OPTIONAL = /analytic|statistic|performance|measur|marketing|advertis|targeting|tracking|social|personalis|personaliz|profil/i;

  // necessaryChoice says whether a choice is for strictly necessary
  // cookies: its label says so, or it is locked and names no optional
  // purpose.
  const necessaryChoice = (label, locked) => (NECESSARY.test(label) && !NOT_NECESSARY.test(label)) || (locked && !OPTIONAL.test(label));

  // choices lists the optional choices of the banner's settings layer,
  // whether or not it is open, as they stand: every toggle, box and radio
  // group inside a consent box. Nothing is changed. A settings layer not
  // yet opened is read from the markup it keeps hidden.
  const choices = () => {
    texts = new Map();
    const out = [];
    const seen = new Set();
    const inConsentBox = (el) => {
      const ctx = context(el);
      return ctx.inBanner && (ctx.hinted || ctx.overlay);
    };
    for (const el of deepAll(document, TOGGLES, [])) {
      if (out.length >= 40 || !inConsentBox(el)) {
        continue;
      }
      const on = el instanceof HTMLInputElement ? el.checked : el.getAttribute('aria-checked') === 'true' || el.getAttribute('aria-pressed') === 'true';
      const locked = !!(el.disabled || el.getAttribute('aria-disabled') === 'true' || el.readOnly);
      const { label, owner } = labelOf(el);
      const key = label.toLowerCase();
      if (!label || seen.has(key)) {
        continue;
      }
      seen.add(key);
      out.push({ label: label.slice(0, 80), on, necessary: necessaryChoice(label, locked), visible: visible(el) || !!(owner && visible(owner)) });
    }
    const groups = new Map();
    for (const el of deepAll(document, 'input[type="radio"]', [])) {
      if (!el.name || !inConsentBox(el)) {
        continue;
      }
      if (!groups.has(el.name)) {
        groups.set(el.name, []);
      }
      groups.get(el.name).push(el);
    }
    for (const [name, options] of groups) {
      if (out.length >= 40) {
        break;
      }
      const set = options.find((o) => o.checked);
      const legend = options[0].closest('fieldset') && options[0].closest('fieldset').querySelector('legend');
      const label = clean((legend && legend.textContent) || name).slice(0, 80);
      const chosen = set ? labelOf(set).label : '';
      const on = !!set && !(REFUSE.test(chosen) || /^(no|off|false|reject|deny|0)$/i.test(set.value));
      if (seen.has(label.toLowerCase())) {
        continue;
      }
      seen.add(label.toLowerCase());
      out.push({ label, on, necessary: necessaryChoice(label, options.every((o) => o.disabled)), visible: options.some(visible) });
    }
    return out;
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
    value: Object.freeze({ scan, click, clickSelector, clearChoices, storageKeys, measure, choices }),
  });
})();
