// bridge.js runs before DuckDuckGo's autoconsent bundle in cookieaudit's
// isolated world of every frame. It gives the bundle the message function it
// expects, carried over a DevTools binding as JSON, and reports the
// accessible name of every control clicked in the frame so the evidence
// can say which button was pressed.
(() => {
  const send = globalThis.__cookieauditConsent;
  if (typeof send !== 'function' || globalThis.autoconsentSendMessage) {
    return;
  }
  const post = (message) => {
    try {
      send(JSON.stringify(message));
    } catch (e) {
      // The binding goes away with the frame.
    }
  };
  globalThis.autoconsentSendMessage = (message) => {
    post(message);
    return Promise.resolve();
  };
  const clean = (s) => String(s || '').replace(/\s+/g, ' ').trim().slice(0, 200);
  document.addEventListener(
    'click',
    (event) => {
      const path = event.composedPath ? event.composedPath() : [event.target];
      let el = path.find((n) => n instanceof Element && n.matches('button, a, input, [role="button"], [role="switch"], [role="checkbox"], label'));
      if (!el) {
        el = path.find((n) => n instanceof Element);
      }
      if (!el) {
        return;
      }
      // Ticking a switch or a box is a setting, not a control that acts;
      // the evidence lists only the buttons and links pressed.
      if (el.matches('input[type="checkbox"], input[type="radio"], [role="switch"], [role="checkbox"], [role="radio"], [role="tab"]') || (el.tagName === 'LABEL' && el.control && el.control.matches('input[type="checkbox"], input[type="radio"]'))) {
        return;
      }
      const name = clean(el.getAttribute('aria-label') || (el instanceof HTMLInputElement ? el.value : el.innerText || el.textContent));
      post({ type: 'cookieauditClick', text: name, tag: el.tagName.toLowerCase() });
    },
    true,
  );
})();
