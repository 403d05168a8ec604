// cookieaudit instrumentation: runs in every frame before any page script.
// It reports cookie writes (name and attributes, never the value) and the
// script that made them, through the DevTools binding __cookieauditReport.
(() => {
  const report = globalThis.__cookieauditReport;
  if (typeof report !== 'function' || globalThis.__cookieauditInstalled) return;
  // Keep the binding to ourselves: a hostile page must not report writes
  // that never happened.
  try { delete globalThis.__cookieauditReport; } catch (e) {}
  Object.defineProperty(globalThis, '__cookieauditInstalled', {value: true});
  const send = (line, stored) => {
    let script = '';
    try {
      const stack = String(new Error().stack || '').split('\n');
      for (const frame of stack) {
        const m = frame.match(/(https?:\/\/[^\s()]+?):\d+:\d+/);
        if (m) { script = m[1]; break; }
      }
    } catch (e) {}
    try {
      report(JSON.stringify({line: line, page: String(location.href), script: script, t: Date.now(), stored: stored}));
    } catch (e) {}
  };
  // strip keeps the name and the attributes of a cookie string.
  const strip = (s) => {
    s = String(s);
    const semi = s.indexOf(';');
    const first = semi < 0 ? s : s.slice(0, semi);
    const eq = first.indexOf('=');
    const name = eq < 0 ? '' : first.slice(0, eq);
    return name + '=' + (semi < 0 ? '' : s.slice(semi));
  };
  const desc = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (desc && desc.set && desc.configurable) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: desc.enumerable,
      get: desc.get,
      set: function (v) {
        const line = strip(v);
        const r = desc.set.call(this, v);
        // Did the browser keep it? A refused write (a third-party frame, an
        // invalid attribute) leaves no trace in document.cookie.
        let stored = null;
        try {
          const name = line.slice(0, line.indexOf('='));
          const jar = '; ' + desc.get.call(this);
          stored = jar.indexOf('; ' + name + '=') >= 0;
        } catch (e) {}
        send(line, stored);
        return r;
      },
    });
  }
  const cs = globalThis.cookieStore;
  if (cs && typeof cs.set === 'function') {
    const origSet = cs.set.bind(cs), origDelete = cs.delete.bind(cs);
    const attrs = (o) => {
      let s = '';
      if (o.expires != null) s += '; expires=' + new Date(o.expires).toUTCString();
      if (o.domain) s += '; domain=' + o.domain;
      if (o.path) s += '; path=' + o.path;
      if (o.sameSite) s += '; samesite=' + o.sameSite;
      if (o.partitioned) s += '; partitioned';
      return s + '; secure';
    };
    cs.set = function (a, b) {
      const o = typeof a === 'object' && a !== null ? a : {name: a, value: b};
      send(String(o.name) + '=' + attrs(o), null);
      return origSet(a, b);
    };
    cs.delete = function (a) {
      const o = typeof a === 'object' && a !== null ? a : {name: a};
      send(String(o.name) + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT' + attrs(Object.assign({}, o, {expires: null})), null);
      return origDelete(a);
    };
  }
})();
