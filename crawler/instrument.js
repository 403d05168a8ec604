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
  // Late timers: the crawler records cookies that timers set within a
  // horizon after load without waiting for them in real time. Every timer
  // the page sets is noted with the time it falls due; advance(horizon)
  // runs those due within the horizon at once, in order (with the timers
  // they set in turn), as if that time had passed. Date stays real, so
  // expiry dates are those the page would really write.
  const nativeSetTimeout = globalThis.setTimeout, nativeSetInterval = globalThis.setInterval;
  const nativeClearTimeout = globalThis.clearTimeout;
  const timers = new Map();
  let clock = null; // the virtual time while advance runs
  const now = () => clock === null ? performance.now() : clock;
  // The end of the load event, after the page's own load handlers ran.
  const loadedAt = () => {
    try {
      const nav = performance.getEntriesByType('navigation')[0];
      if (nav && nav.loadEventEnd > 0) return nav.loadEventEnd;
    } catch (e) {}
    return null;
  };
  // The quiet check reads the top frame's timers only, so a subframe tells
  // the crawler of each short timer it sets (+1) and of its running or
  // being cleared (-1); an interval counts until it is cleared.
  let sub = false;
  try { sub = globalThis.top !== globalThis; } catch (e) { sub = true; }
  const token = Math.random().toString(36).slice(2);
  const tell = (t, delta) => {
    if (!t.watched) return;
    if (delta < 0) t.watched = false;
    try { report(JSON.stringify({timer: delta, frame: token})); } catch (e) {}
  };
  const wrap = (native, repeat) => {
    const f = function (fn, delay, ...args) {
      if (typeof fn !== 'function') return native.call(globalThis, fn, delay, ...args);
      const ms = Math.max(0, Number(delay) || 0);
      const t = {fn: fn, args: args, due: now() + ms, period: repeat ? Math.max(ms, 1) : null, runs: 0, watched: sub && ms <= 200};
      tell(t, 1);
      const id = native.call(globalThis, function () {
        if (repeat) t.due = performance.now() + t.period; else { timers.delete(id); tell(t, -1); }
        return fn.apply(this, args);
      }, delay);
      timers.set(id, t);
      return id;
    };
    natives.set(f, native);
    return f;
  };
  const natives = new WeakMap();
  const clear = function (id) {
    const t = timers.get(id);
    if (t) tell(t, -1);
    timers.delete(id);
    return nativeClearTimeout.call(globalThis, id);
  };
  natives.set(clear, nativeClearTimeout);
  globalThis.setTimeout = wrap(nativeSetTimeout, false);
  globalThis.setInterval = wrap(nativeSetInterval, true);
  globalThis.clearTimeout = clear;
  globalThis.clearInterval = clear;
  // The wrappers read as native code, as the originals do.
  const toString = Function.prototype.toString;
  const patched = function () { return toString.call(natives.get(this) || this); };
  natives.set(patched, toString);
  Function.prototype.toString = patched;
  const advance = (horizon, sinceLoad) => {
    const end = (sinceLoad && loadedAt() !== null ? loadedAt() : performance.now()) + horizon;
    let ran = 0;
    clock = performance.now();
    try {
      for (let i = 0; i < 1000; i++) {
        let id = null, t = null;
        for (const [k, v] of timers) if (v.due <= end && (t === null || v.due < t.due)) { id = k; t = v; }
        if (t === null) break;
        clock = Math.max(clock, t.due);
        if (t.period === null) {
          timers.delete(id);
          tell(t, -1);
          nativeClearTimeout.call(globalThis, id);
        } else if (++t.runs >= 100) {
          timers.delete(id); // the native interval goes on
        } else {
          t.due += t.period;
        }
        try { t.fn.apply(globalThis, t.args); } catch (e) {}
        ran++;
      }
    } finally {
      clock = null;
    }
    return ran;
  };
  // Frames: a subframe, cross-origin ones too, cannot be reached from the
  // top, so the top frame's advance asks every frame by message to run its
  // own timers, and each passes the request on to its own frames. Pages'
  // own message handlers never see the request.
  const relay = (horizon, sinceLoad) => {
    try {
      for (let i = 0; i < globalThis.frames.length; i++) {
        try { globalThis.frames[i].postMessage({cookieauditAdvance: {horizon: horizon, sinceLoad: sinceLoad}}, '*'); } catch (e) {}
      }
    } catch (e) {}
  };
  if (sub) {
    addEventListener('message', (e) => {
      const d = e.data && e.data.cookieauditAdvance;
      if (!d || e.source !== globalThis.parent) return;
      e.stopImmediatePropagation();
      advance(Number(d.horizon) || 0, d.sinceLoad === true);
      relay(d.horizon, d.sinceLoad);
    }, true);
  }
  Object.defineProperty(globalThis, Symbol.for('cookieaudit.advanceTimers'), {
    value: (horizon, sinceLoad) => {
      const ran = advance(horizon, sinceLoad);
      relay(horizon, sinceLoad);
      return ran;
    },
  });
  // Quiet: resolves once the page's thread is idle (every task and frame
  // it had queued has run) with how many milliseconds remain until the
  // page's next timer falls due, or -1 when none is due within window; -2
  // when the thread was not idle within wait milliseconds.
  const nativeIdle = globalThis.requestIdleCallback;
  Object.defineProperty(globalThis, Symbol.for('cookieaudit.quiet'), {
    value: (window, wait) => new Promise((resolve) => {
      const check = (deadline) => {
        if (deadline && deadline.didTimeout) { resolve(-2); return; }
        const t0 = performance.now();
        let next = Infinity;
        for (const t of timers.values()) if (t.due < next) next = t.due;
        resolve(next <= t0 + window ? Math.max(0, Math.ceil(next - t0)) : -1);
      };
      if (typeof nativeIdle === 'function') nativeIdle.call(globalThis, check, {timeout: Math.max(1, wait)});
      else nativeSetTimeout.call(globalThis, check, 0);
    }),
  });
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
