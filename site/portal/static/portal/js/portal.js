// 适老化 large-text mode: a cookie so the server renders the chosen mode on every page.
(function () {
  var COOKIE = "govpages_large_text";
  var root = document.documentElement;
  function setMode(on) {
    root.classList.toggle("large-text", on);
    document.cookie = COOKIE + "=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
    document.querySelectorAll("[data-large-text-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  document.querySelectorAll("[data-large-text-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      setMode(!root.classList.contains("large-text"));
    });
  });
})();
