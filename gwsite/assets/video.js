// A story's video is a link to the player until the reader clicks it: only then is the player
// loaded, in a sandbox, so that reading a story asks nothing of the video site. gwsite's
// sanitiser writes these links, and only for the players the site allows.
(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.gw-video[data-gw-video]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; // a new tab or window opens the player's own page
    }
    var address = link.getAttribute("data-gw-video");
    try {
      if (new URL(address).protocol !== "https:") {
        return;
      }
    } catch (error) {
      return;
    }
    event.preventDefault();
    var player = document.createElement("iframe");
    player.className = "gw-video__player";
    player.title = "视频播放器";
    player.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups");
    player.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
    player.setAttribute("allowfullscreen", "");
    player.setAttribute("referrerpolicy", "no-referrer");
    player.src = address;
    link.replaceWith(player);
    player.focus();
  });
})();
