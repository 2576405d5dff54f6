// The 长者模式 switch in the header (partials/header.html): larger text and higher contrast,
// remembered in localStorage. The page's <head> already applied the remembered choice before the
// first paint (`ELDER_HEAD` in gwsite/plugin/pagehtml.py); this script keeps the switch in step
// with it and flips it on a click, or Enter or Space, as any button.
(function () {
  var root = document.documentElement;
  var KEY = "gwsite.elder";
  var buttons = document.querySelectorAll(".gw-elder");
  var show = function () {
    var on = root.hasAttribute("data-gw-elder");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  };
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () {
      var on = !root.hasAttribute("data-gw-elder");
      if (on) {
        root.setAttribute("data-gw-elder", "");
      } else {
        root.removeAttribute("data-gw-elder");
      }
      try {
        localStorage.setItem(KEY, on ? "1" : "0");
      } catch (error) {
        // Storage refused (a private window): the switch still works on this page.
      }
      show();
    });
  }
  show();
})();

// Material's drawer and search dialog open with checkboxes. Their `autocomplete="off"` is invalid
// HTML, so gwsite leaves it out (adapter.standard_page): a browser that restores form fields when
// the reader comes back to a page would reopen them. A page always opens with both closed.
(function () {
  ["__drawer", "__search"].forEach(function (id) {
    var toggle = document.getElementById(id);
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  });
})();
