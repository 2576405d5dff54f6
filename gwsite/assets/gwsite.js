// A search box in the header of every page; it sends the query to the search page.
// Without JavaScript the search page is still reached from the home page's links.
(function () {
  var config = document.getElementById("__config");
  var header = document.querySelector(".md-header__inner");
  if (!config || !header || header.querySelector(".gw-header-search")) {
    return;
  }
  var base = JSON.parse(config.textContent).base || ".";
  var form = document.createElement("form");
  form.className = "gw-header-search";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "全站搜索");
  form.action = base.replace(/\/?$/, "/") + "search/";
  var input = document.createElement("input");
  input.type = "search";
  input.name = "q";
  input.placeholder = "搜索新闻";
  input.setAttribute("aria-label", "搜索新闻");
  var button = document.createElement("button");
  button.type = "submit";
  button.className = "md-header__button md-icon";
  button.title = "搜索";
  button.setAttribute("aria-label", "搜索");
  // Material Design's "magnify" icon, as Material for MkDocs draws it.
  button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  form.appendChild(input);
  form.appendChild(button);
  header.insertBefore(form, header.querySelector(".md-header__source"));
})();
