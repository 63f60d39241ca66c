// Forms that guide: move focus to the error summary after a failed submit or a failed htmx
// autosave, and clear the field marks once an autosave succeeds. See docs/forms.md.
(function () {
  "use strict";

  function focusSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    return summary;
  }

  // After a successful autosave the fields the server had marked are valid again.
  function clearMarks(form) {
    form.querySelectorAll(".field-invalid").forEach(function (field) {
      field.classList.remove("field-invalid");
    });
    form.querySelectorAll(".field-error").forEach(function (message) {
      message.remove();
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (control) {
      control.removeAttribute("aria-invalid");
    });
  }

  // A failed htmx autosave does not reload the page, so the title is marked here as the server
  // marks it on a full page ("Fout: …"); a later successful save takes the mark away again.
  var titlePrefix = "";

  function markTitle(summary) {
    titlePrefix = summary.getAttribute("data-title-prefix") || "";
    if (titlePrefix && document.title.indexOf(titlePrefix) !== 0) {
      document.title = titlePrefix + document.title;
    }
  }

  function unmarkTitle() {
    if (titlePrefix && document.title.indexOf(titlePrefix) === 0) {
      document.title = document.title.slice(titlePrefix.length);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary(document);
  });

  // htmx: a failed autosave carries the summary out-of-band into #error-summary-slot.
  // Only a form's own request moves focus (a polling status box must not steal it).
  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    var form = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    var xhr = detail.xhr;
    if (!form || form.tagName !== "FORM" || !xhr) {
      return;
    }
    if (xhr.responseText.indexOf("data-error-summary") !== -1) {
      var summary = focusSummary(document.getElementById("error-summary-slot"));
      if (summary) {
        markTitle(summary);
      }
    } else if (xhr.status < 300) {
      clearMarks(form);
      unmarkTitle();
    }
  });
})();
