// The council's cookie banner: it remembers the choice in cookies_policy
// and, once analytics are accepted, loads the tag and the cookie list.
(function () {
  var banner = document.getElementById("cookie-banner");
  var choice = document.cookie.match(/(?:^|; )cookies_policy=([^;]*)/);
  var accepted = function () {
    document.cookie = "ll_analytics=1; max-age=31536000; path=/; Secure";
    var s = document.createElement("script");
    s.src = "/js/cookie-list.js";
    document.head.appendChild(s);
  };
  if (!choice) banner.hidden = false;
  else if (choice[1] === "accepted") accepted();
  var decide = function (value) {
    document.cookie = "cookies_policy=" + value + "; max-age=31536000; path=/; SameSite=Lax; Secure";
    banner.hidden = true;
    if (value === "accepted") accepted();
  };
  document.getElementById("accept-cookies").addEventListener("click", function () { decide("accepted"); });
  document.getElementById("reject-cookies").addEventListener("click", function () { decide("rejected"); });
})();
