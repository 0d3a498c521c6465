/*
 * Progressive enhancement only: refresh the text of <time data-reltime> elements from their
 * datetime attribute, so pages served from the cache keep saying the right "5h ago". The
 * translated patterns come from the page (#reltime-strings, one set per language); each element
 * uses the language of its nearest [lang] ancestor, so the bilingual page stays right in both
 * columns. Without this script the server-rendered text stays, correct when it was rendered.
 */
(function () {
  "use strict";
  var node = document.getElementById("reltime-strings");
  if (!node || !window.JSON) { return; }
  var catalog;
  try { catalog = JSON.parse(node.textContent); } catch (e) { return; }
  var dateFormats = {};

  function fill(pattern, count) { return pattern.replace("%(count)s", String(count)); }

  function dateText(date, lang) {
    if (!window.Intl) { return null; }
    if (!dateFormats[lang]) {
      dateFormats[lang] = new Intl.DateTimeFormat(lang, { year: "numeric", month: "short", day: "numeric" });
    }
    return dateFormats[lang].format(date);
  }

  function relative(date, now, strings, lang) {
    var seconds = Math.floor((now - date) / 1000);
    if (seconds < 60) { return strings.now; }
    if (seconds < 3600) { return fill(strings.minutes, Math.floor(seconds / 60)); }
    if (seconds < 86400) { return fill(strings.hours, Math.floor(seconds / 3600)); }
    if (seconds < strings.daysBeforeDate * 86400) { return fill(strings.days, Math.floor(seconds / 86400)); }
    return dateText(date, lang);
  }

  function refresh() {
    var now = Date.now();
    var nodes = document.querySelectorAll("time[data-reltime]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var holder = el.closest ? el.closest("[lang]") : document.documentElement;
      var lang = (holder && holder.getAttribute("lang")) || "en";
      var strings = catalog[lang.toLowerCase()];
      var date = new Date(el.getAttribute("datetime"));
      if (!strings || isNaN(date.getTime())) { continue; }
      var text = relative(date, now, strings, lang);
      if (text === null) { continue; }
      if (el.getAttribute("data-reltime") === "updated") { text = strings.updated.replace("%(when)s", text); }
      if (el.textContent !== text) { el.textContent = text; }
    }
  }

  refresh();
  window.setInterval(refresh, 60000);
})();
