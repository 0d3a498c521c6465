/*
 * The admin's language switch and presence heartbeat (progressive enhancement, no library).
 *
 * Language: modeltranslation gives every per-language field a suffix (title_en, title_zh_hans);
 * the admin marks form rows "field-<name>" and tabular inline headers "column-<name>". The
 * switch shows one language (or both, side by side) across the main form and all inlines, and
 * remembers the choice. Without this script both languages show, labelled [en] / [zh-hans].
 *
 * Presence: every 30 s the draft's form tells the server it is still open and shows who else is.
 */
(function () {
  "use strict";
  var STORAGE_KEY = "newsroom.admin.language";
  var SUFFIXES = { "en": "_en", "zh-hans": "_zh_hans" };

  function languagesOf(element) {
    var found = {};
    element.classList.forEach(function (name) {
      if (name.indexOf("field-") !== 0 && name.indexOf("column-") !== 0) return;
      Object.keys(SUFFIXES).forEach(function (code) {
        var suffix = SUFFIXES[code];
        if (name.slice(-suffix.length) === suffix) found[code] = true;
      });
    });
    return Object.keys(found);
  }

  function perLanguageElements(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll("[class*='field-'], [class*='column-']"),
      function (element) { return languagesOf(element).length === 1; }
    );
  }

  function stored() {
    try { return window.localStorage.getItem(STORAGE_KEY); } catch (error) { return null; }
  }

  function remember(choice) {
    try { window.localStorage.setItem(STORAGE_KEY, choice); } catch (error) { /* private mode */ }
  }

  function apply(form, switcher, choice) {
    perLanguageElements(form).forEach(function (element) {
      var hide = choice !== "both" && languagesOf(element)[0] !== choice;
      element.classList.toggle("language-hidden", hide);
    });
    form.classList.toggle("languages-side-by-side", choice === "both");
    switcher.querySelectorAll("button[data-language]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.language === choice));
    });
  }

  function hiddenErrors(form) {
    return Array.prototype.some.call(form.querySelectorAll(".errorlist"), function (list) {
      return list.closest(".language-hidden") !== null;
    });
  }

  function setUpLanguageSwitch() {
    var switcher = document.querySelector(".language-switch");
    if (!switcher) return;
    var form = switcher.closest("form");
    if (!form || perLanguageElements(form).length === 0) return;
    var pageLanguage = document.documentElement.lang === "zh-hans" ? "zh-hans" : "en";
    var choice = stored() || pageLanguage;
    if (["en", "zh-hans", "both"].indexOf(choice) === -1) choice = "both";
    switcher.hidden = false;
    apply(form, switcher, choice);
    // An error in the hidden language must not go unseen.
    if (hiddenErrors(form)) apply(form, switcher, (choice = "both"));
    switcher.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-language]");
      if (!button) return;
      choice = button.dataset.language;
      remember(choice);
      apply(form, switcher, choice);
    });
    // Rows added with "Add another" follow the current choice.
    document.addEventListener("formset:added", function () { apply(form, switcher, choice); });
  }

  function setUpPresence() {
    var line = document.querySelector("[data-presence-url]");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!line || !token || !window.fetch) return;
    function beat() {
      fetch(line.dataset.presenceUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value },
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data) line.textContent = data.text;
      }).catch(function () { /* offline: try again at the next beat */ });
    }
    window.setInterval(beat, 30000);
  }

  function start() {
    setUpLanguageSwitch();
    setUpPresence();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The autocomplete boxes (select2) add a search input and a combobox without a name: give them
// their select's label. The combobox is named by that label followed by the picked value
// ("Entity, row 1 Helix · 螺旋"), so it has a name even while nothing is picked.
(function () {
  "use strict";
  function labelOf(select) {
    var label = select.getAttribute("aria-label") ||
      (select.id && document.querySelector("label[for='" + select.id + "']") || {}).textContent || "";
    return label.replace(/:\s*$/, "");
  }
  function nameCombobox(container, select, label) {
    var combobox = container.querySelector(".select2-selection[role='combobox']");
    var rendered = container.querySelector(".select2-selection__rendered");
    if (!combobox || !select.id || combobox.dataset.named) return;
    var labelId = select.id + "-accessible-name";
    if (!document.getElementById(labelId)) {
      var span = document.createElement("span");
      span.id = labelId;
      span.hidden = true;
      span.textContent = label;
      container.appendChild(span);
    }
    var ids = labelId + (rendered && rendered.id ? " " + rendered.id : "");
    combobox.setAttribute("aria-labelledby", ids);
    if (rendered && rendered.id) rendered.setAttribute("aria-labelledby", ids);
    combobox.dataset.named = "1";
  }
  function nameSearchFields() {
    document.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      if (!select) return;
      var label = labelOf(select);
      if (!label) return;
      nameCombobox(container, select, label);
      var search = container.querySelector(".select2-search__field");
      if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", label);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameSearchFields();
    new MutationObserver(nameSearchFields).observe(document.body, {childList: true, subtree: true});
  });
})();
