// The review screen's previews: each frame as tall as its page, both as tall as the taller one,
// so the two languages read side by side with the window's scrollbar and none inside the frames.
(function () {
  "use strict";
  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-fit-content]"));
  }
  function fit() {
    var heights = frames().map(function (frame) {
      try {
        var doc = frame.contentDocument;
        return doc ? doc.documentElement.scrollHeight : 0;
      } catch (error) {
        return 0; // not same-origin: keep the stylesheet's height
      }
    });
    var tallest = Math.max.apply(null, heights.concat([0]));
    if (tallest > 0) {
      frames().forEach(function (frame) {
        var borders = frame.offsetHeight - frame.clientHeight; // the stylesheet's box-sizing: border-box
        frame.style.height = tallest + borders + "px";
      });
    }
  }
  function watch(frame) {
    // Measured when the page has loaded and once more when its images have had time to arrive;
    // not on every resize, which a page sized in vh would turn into endless growth.
    frame.addEventListener("load", function () {
      fit();
      window.setTimeout(fit, 600);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    frames().forEach(watch);
    fit();
  });
})();
