// state.js runs in the page's main world after a consent choice and reads
// back what the consent manager recorded, through its own API where it has
// one, else through its record. It returns only category names and whether
// each was granted, never a cookie's value: { source, granted: {name: bool} }
// or null. RECORDS is replaced with the names of the cookies and storage keys
// the choice wrote ("cookie:NAME", "localStorage:KEY").
(async (RECORDS) => {
  const cookie = (name) => {
    for (const kv of document.cookie.split('; ')) {
      const i = kv.indexOf('=');
      if (kv.slice(0, i) === name) {
        try {
          return decodeURIComponent(kv.slice(i + 1));
        } catch (e) {
          return kv.slice(i + 1);
        }
      }
    }
    return null;
  };
  const json = (s) => {
    if (s == null) {
      return null;
    }
    try {
      return JSON.parse(s);
    } catch (e) {
      return null;
    }
  };
  const yes = (v) => v === true || v === 1 || /^(true|1|yes|y|on|accepted|accept|allow|allowed|granted|grant|opt-?in|enabled)$/i.test(String(v));
  const no = (v) => v === false || v === 0 || /^(false|0|no|n|off|revoked|rejected|reject|deny|denied|declined|opt-?out|disabled)$/i.test(String(v));
  const withTimeout = (p, ms) => Promise.race([p, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);

  // Civic Cookie Control: the CookieControl cookie's optionalCookies.
  const ccc = json(cookie('CookieControl'));
  if (ccc && ccc.optionalCookies && typeof ccc.optionalCookies === 'object') {
    const granted = {};
    for (const [k, v] of Object.entries(ccc.optionalCookies)) {
      granted[k] = v === 'accepted';
    }
    return { source: 'CookieControl cookie (optionalCookies)', granted };
  }
  // OneTrust: the groups of the OptanonConsent cookie, else the active
  // groups the SDK publishes.
  const ot = cookie('OptanonConsent');
  if (ot) {
    const m = ot.match(/(?:^|&)groups=([^&]*)/);
    if (m) {
      const granted = {};
      for (const g of decodeURIComponent(m[1]).split(',')) {
        const [id, v] = g.split(':');
        if (id) {
          granted['onetrust:' + id] = v === '1';
        }
      }
      return { source: 'OneTrust OptanonConsent groups', granted };
    }
  }
  if (typeof window.OnetrustActiveGroups === 'string' && window.OneTrust) {
    const active = window.OnetrustActiveGroups.split(',').filter(Boolean);
    const granted = {};
    for (const id of ['C0001', 'C0002', 'C0003', 'C0004', 'C0005']) {
      granted['onetrust:' + id] = active.includes(id);
    }
    return { source: 'OnetrustActiveGroups', granted };
  }
  // Cookiebot: its consent object once it has a response, else the
  // CookieConsent cookie (a JavaScript object literal).
  if (window.Cookiebot && window.Cookiebot.consent && window.Cookiebot.hasResponse) {
    const c = window.Cookiebot.consent;
    return { source: 'Cookiebot.consent', granted: { necessary: !!c.necessary, preferences: !!c.preferences, statistics: !!c.statistics, marketing: !!c.marketing } };
  }
  const cb = cookie('CookieConsent');
  if (cb && /necessary\s*:/.test(cb)) {
    const granted = {};
    for (const k of ['necessary', 'preferences', 'statistics', 'marketing']) {
      const m = cb.match(new RegExp(k + "\\s*:\\s*'?(true|false)"));
      if (m) {
        granted[k] = m[1] === 'true';
      }
    }
    return { source: 'Cookiebot CookieConsent cookie', granted };
  }
  // IAB TCF: the TC string's purpose consents, decoded by the CMP.
  if (typeof window.__tcfapi === 'function') {
    const data = await withTimeout(
      new Promise((resolve) => {
        try {
          window.__tcfapi('getTCData', 2, (d, ok) => resolve(ok ? d : null));
        } catch (e) {
          resolve(null);
        }
      }),
      1500,
    );
    if (data && data.purpose && data.purpose.consents) {
      const granted = {};
      for (let p = 1; p <= 11; p++) {
        granted['tcf:' + p] = !!data.purpose.consents[p];
      }
      return { source: '__tcfapi getTCData', granted };
    }
  }
  // vanilla-cookieconsent v3.
  if (window.CookieConsent && typeof window.CookieConsent.getUserPreferences === 'function' && window.CookieConsent.validConsent && window.CookieConsent.validConsent()) {
    const prefs = window.CookieConsent.getUserPreferences();
    const granted = {};
    for (const c of prefs.acceptedCategories || []) {
      granted[c] = true;
    }
    for (const c of prefs.rejectedCategories || []) {
      granted[c] = false;
    }
    return { source: 'CookieConsent.getUserPreferences()', granted };
  }
  // Klaro: its manager's consents, per service.
  if (window.klaro && typeof window.klaro.getManager === 'function') {
    try {
      const mgr = window.klaro.getManager();
      const granted = {};
      for (const s of mgr.config.services || mgr.config.apps || []) {
        granted[s.purposes && s.purposes.length ? s.purposes[0] : s.name] = s.required || !!mgr.consents[s.name];
      }
      return { source: 'klaro.getManager().consents', granted };
    } catch (e) {}
  }
  // Any other record the choice wrote: JSON with category-like keys
  // (GOV.UK's cookies_policy, home-made banners), per-category storage keys
  // (Silktide), or a plain yes/no.
  const categoryKey = /^(essential|necessary|strictly|required|functional|functionality|preferences?|settings|personali[sz]ation|analytics?|analytical|statistics?|performance|usage|measurement|marketing|advertising|ads|targeting|campaigns|social|tracking|third.?party)$/i;
  const fromObject = (o) => {
    const granted = {};
    const walk = (obj, depth) => {
      for (const [k, v] of Object.entries(obj)) {
        if (categoryKey.test(k) && (yes(v) || no(v))) {
          granted[k] = yes(v);
        } else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 2) {
          walk(v, depth + 1);
        } else if (Array.isArray(v) && /categor|accepted|consents?$/i.test(k)) {
          for (const c of v) {
            if (typeof c === 'string') {
              granted[c] = true;
            }
          }
        }
      }
    };
    walk(o, 0);
    return Object.keys(granted).length ? granted : null;
  };
  const read = (rec) => {
    const i = rec.indexOf(':');
    const area = rec.slice(0, i);
    const key = rec.slice(i + 1);
    try {
      if (area === 'cookie') {
        return cookie(key);
      }
      if (area === 'localStorage' || area === 'sessionStorage') {
        return window[area].getItem(key);
      }
    } catch (e) {}
    return null;
  };
  const perKey = {};
  let plain = null;
  for (const rec of RECORDS) {
    const raw = read(rec);
    if (raw == null) {
      continue;
    }
    const name = rec.slice(rec.indexOf(':') + 1);
    const obj = json(raw);
    if (obj && typeof obj === 'object') {
      const granted = fromObject(obj);
      if (granted) {
        return { source: rec + ' (JSON)', granted };
      }
      continue;
    }
    // A key per category: silktideCookieChoice_analytics = "true".
    const m = name.match(/[_.:-]([A-Za-z]+)$/);
    if (m && categoryKey.test(m[1]) && (yes(raw) || no(raw))) {
      perKey[m[1]] = yes(raw);
      continue;
    }
    if (!plain && /consent|cookie|choice|pref|accept/i.test(name) && (yes(raw) || no(raw))) {
      plain = { source: rec, granted: { optional: yes(raw) } };
    }
  }
  if (Object.keys(perKey).length) {
    return { source: 'storage keys per category', granted: perKey };
  }
  return plain;
})
