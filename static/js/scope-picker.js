// The workshop form's scope picker: a search shows units to tick; a ticked unit joins the chosen
// list (which alone is posted), so choices survive any number of searches. Remove takes one off.
(function () {
  "use strict";

  function pickerOf(element) {
    return element.closest(".scope-picker");
  }

  function chosenIds(picker) {
    return Array.from(picker.querySelectorAll(".chosen li")).map(function (item) {
      return item.dataset.unit;
    });
  }

  function refresh(picker) {
    var seen = {};
    picker.querySelectorAll(".chosen li").forEach(function (item) {
      if (seen[item.dataset.unit]) { item.remove(); } else { seen[item.dataset.unit] = true; }
    });
    picker.querySelectorAll("[data-pick]").forEach(function (box) {
      box.checked = Boolean(seen[box.value]);
    });
    picker.querySelector(".chosen-empty").hidden = Object.keys(seen).length > 0;
  }

  function choose(picker, id, name) {
    if (chosenIds(picker).indexOf(id) !== -1) { return; }
    var item = document.createElement("li");
    item.dataset.unit = id;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = picker.dataset.field;
    input.value = id;
    var label = document.createElement("span");
    label.textContent = name;
    var template = document.querySelector(".chosen [data-remove]") ||
      document.getElementById("remove-button-template").content.querySelector("[data-remove]");
    var remove = template.cloneNode(true);
    remove.setAttribute("aria-label", "Remove " + name);
    item.append(input, label, " ", remove);
    picker.querySelector(".chosen").append(item);
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-pick]")) { return; }
    var picker = pickerOf(box);
    if (box.checked) {
      choose(picker, box.value, box.dataset.name);
    } else {
      var item = picker.querySelector('.chosen li[data-unit="' + box.value + '"]');
      if (item) { item.remove(); }
    }
    refresh(picker);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-remove]");
    if (!button) { return; }
    var picker = pickerOf(button);
    button.closest("li").remove();
    refresh(picker);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var picker = pickerOf(event.detail.elt);
    if (picker) { refresh(picker); }
  });
})();
