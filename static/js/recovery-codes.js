// Recovery codes: print and copy buttons (download is a plain form, works without JS).
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector("[data-testid=recovery-codes]");
    var printButton = document.querySelector("[data-recovery-print]");
    var copyButton = document.querySelector("[data-recovery-copy]");
    var status = document.querySelector("[data-recovery-copied]");
    if (!list) {
      return;
    }
    var codes = Array.prototype.map.call(list.querySelectorAll("code"), function (code) {
      return code.textContent.trim();
    });

    if (printButton) {
      printButton.hidden = false;
      printButton.addEventListener("click", function () {
        window.print();
      });
    }
    if (copyButton && navigator.clipboard) {
      copyButton.hidden = false;
      copyButton.addEventListener("click", function () {
        navigator.clipboard.writeText(codes.join("\n") + "\n").then(function () {
          if (status) {
            status.textContent = copyButton.getAttribute("data-copied-text") || "";
          }
        });
      });
    }
  });
})();
