// A stand-in for Meta's fbevents.js, built to send what the real pixel
// sends. The base code on the page queues fbq() calls in fbq.queue; this
// script takes them over. 'init' fetches the pixel's configuration from
// connect.facebook.net/signals/config/<pixel ID>; each 'track' sends an
// image request to https://www.facebook.com/tr/ with id, ev, dl, rl, ts,
// the browser ID fbp kept in the first-party _fbp cookie
// (fb.1.<milliseconds>.<random>, 90 days, on the site's registrable
// domain). fbq('consent', 'revoke') holds every event until
// fbq('consent', 'grant'); while revoked, it neither reads nor writes _fbp.
(function () {
  var w = window, d = document;
  var q = w.fbq;
  if (!q || q.loaded2) return;
  var pixels = [], held = [], revoked = false;
  // The domain "auto" settles on: the site's registrable domain, here the
  // host without its "www.".
  function cookieDomain() { return location.hostname.replace(/^www\./, ""); }
  function browserID() {
    var m = d.cookie.match(/(?:^|; )_fbp=([^;]+)/);
    if (m) return m[1];
    var v = "fb.1." + Date.now() + "." + Math.floor(Math.random() * 2147483647);
    d.cookie = "_fbp=" + v + "; domain=" + cookieDomain() + "; path=/; max-age=" + (90 * 86400) + "; SameSite=Lax; Secure";
    return v;
  }
  function track(ev) {
    if (revoked) { held.push(ev); return; }
    var fbp = browserID();
    for (var i = 0; i < pixels.length; i++) {
      var img = new Image();
      img.src = "https://www.facebook.com/tr/?id=" + pixels[i] + "&ev=" + encodeURIComponent(ev) +
        "&dl=" + encodeURIComponent(location.href) + "&rl=" + encodeURIComponent(d.referrer) +
        "&if=false&ts=" + Date.now() + "&sw=" + screen.width + "&sh=" + screen.height +
        "&v=2.9.176&r=stable&ec=0&o=4126&fbp=" + encodeURIComponent(fbp) + "&it=" + Date.now() + "&coo=false&rqm=GET";
    }
  }
  function call(args) {
    var cmd = args[0];
    if (cmd === "init") {
      pixels.push(String(args[1]));
      var s = d.createElement("script");
      s.async = true;
      s.src = "https://connect.facebook.net/signals/config/" + args[1] + "?v=2.9.176&r=stable&domain=" + location.hostname;
      d.head.appendChild(s);
    } else if (cmd === "track" || cmd === "trackCustom") {
      track(args[1]);
    } else if (cmd === "consent") {
      revoked = args[1] === "revoke";
      if (!revoked) { var h = held; held = []; for (var i = 0; i < h.length; i++) track(h[i]); }
    }
  }
  var queued = q.queue || [];
  q.callMethod = function () { call(arguments); };
  q.loaded2 = true;
  for (var i = 0; i < queued.length; i++) call(queued[i]);
  q.queue = [];
})();
