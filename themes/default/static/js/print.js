// Cairn default theme: the "Print" buttons of the printable toolkit and principles pages.
(function () {
  "use strict";
  [].forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
