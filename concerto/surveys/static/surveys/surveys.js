/* Survey pages, progressive enhancement only: every page works without this file.
 * - Buttons with data-confirm ask before deleting.
 * - Keyboard entry of paper forms: in a question's answers, typing the number printed on the paper
 *   (1, 2, 3...) ticks that answer (a checkbox is toggled); Tab goes on to the next question. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  function labelNumber(input) {
    var label = input.id ? document.querySelector('label[for="' + input.id + '"]') : null;
    var match = label ? label.textContent.trim().match(/^(-?\d+)/) : null;
    return match ? match[1] : null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || !/^[0-9]$/.test(event.key)) {
      return;
    }
    var input = event.target;
    if (!input.matches || !input.matches("input[type=radio], input[type=checkbox]")) {
      return;
    }
    var group = input.closest("[data-numbered-choices]");
    if (!group) {
      return;
    }
    var inputs = group.querySelectorAll("input[type=radio], input[type=checkbox]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (labelNumber(inputs[i]) === event.key) {
        event.preventDefault();
        inputs[i].checked = inputs[i].type === "checkbox" ? !inputs[i].checked : true;
        inputs[i].focus();
        return;
      }
    }
  });
})();
