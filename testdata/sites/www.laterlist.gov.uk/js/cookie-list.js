// The consent manager's cookie list: it fills the policy page's table, and
// is only loaded once cookies are accepted (as some consent managers'
// declaration scripts are).
(function () {
  var list = document.getElementById("cookie-list");
  if (!list) return;
  var rows = [
    ["cookies_policy", "Saves your cookie consent settings", "1 year"],
    ["ll_analytics", "Analytics: counts visits to each page", "1 year"],
  ];
  var html = "<table><thead><tr><th>Name</th><th>Purpose</th><th>Expires</th></tr></thead><tbody>";
  rows.forEach(function (r) { html += "<tr><td>" + r[0] + "</td><td>" + r[1] + "</td><td>" + r[2] + "</td></tr>"; });
  list.innerHTML = html + "</tbody></table>";
})();
