/* The lead image's focal point: a click on the preview fills the two focal-point inputs
   (fractions of the width and height) and moves the marker. No inline script or style: the
   marker is placed through the CSSOM. */
(function () {
  "use strict";

  function round(value) {
    return Math.min(1, Math.max(0, Math.round(value * 100) / 100));
  }

  function setUp(figure) {
    var image = figure.querySelector(".image-preview__thumbnail");
    var marker = figure.querySelector(".image-preview__marker");
    var inputX = document.getElementById(figure.dataset.focusX);
    var inputY = document.getElementById(figure.dataset.focusY);
    if (!image || !marker || !inputX || !inputY) {
      return;
    }
    function place() {
      var x = parseFloat(inputX.value), y = parseFloat(inputY.value);
      if (isNaN(x) || isNaN(y)) {
        marker.hidden = true;
        return;
      }
      marker.hidden = false;
      marker.style.left = (x * 100) + "%";
      marker.style.top = (y * 100) + "%";
    }
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      inputX.value = round((event.clientX - box.left) / box.width);
      inputY.value = round((event.clientY - box.top) / box.height);
      inputX.dispatchEvent(new Event("change", { bubbles: true }));
      place();
    });
    inputX.addEventListener("input", place);
    inputY.addEventListener("input", place);
    place();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".image-preview--focal").forEach(setUp);
  });
})();
