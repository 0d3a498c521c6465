/*
 * Progressive enhancement only: refresh the text of <time data-reltime> elements from their
 * datetime attribute, so pages served from the cache keep saying the right "5h ago". The
 * translated patterns come from the page (#reltime-strings); without this script the
 * server-rendered text stays, which is correct when the page was rendered.
 */
(function () {
  "use strict";
  var node = document.getElementById("reltime-strings");
  if (!node || !window.JSON) { return; }
  var strings;
  try { strings = JSON.parse(node.textContent); } catch (e) { return; }
  var lang = document.documentElement.lang || "en";
  var dateFormat = window.Intl ? new Intl.DateTimeFormat(lang, { year: "numeric", month: "short", day: "numeric" }) : null;

  function fill(pattern, count) { return pattern.replace("%(count)s", String(count)); }

  function relative(date, now) {
    var seconds = Math.floor((now - date) / 1000);
    if (seconds < 60) { return strings.now; }
    if (seconds < 3600) { return fill(strings.minutes, Math.floor(seconds / 60)); }
    if (seconds < 86400) { return fill(strings.hours, Math.floor(seconds / 3600)); }
    if (seconds < strings.daysBeforeDate * 86400) { return fill(strings.days, Math.floor(seconds / 86400)); }
    return dateFormat ? dateFormat.format(date) : null;
  }

  function refresh() {
    var now = Date.now();
    var nodes = document.querySelectorAll("time[data-reltime]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date.getTime())) { continue; }
      var text = relative(date, now);
      if (text === null) { continue; }
      if (el.getAttribute("data-reltime") === "updated") { text = strings.updated.replace("%(when)s", text); }
      if (el.textContent !== text) { el.textContent = text; }
    }
  }

  refresh();
  window.setInterval(refresh, 60000);
})();
