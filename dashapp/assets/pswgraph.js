/* Small client-side helpers (pure UI, no data logic). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  pswgraph: {
    /* Show the active view, hide the others; then let the graphs in it refit. */
    showView: function (active) {
      var views = ["explore", "paths", "compare", "matrix", "studies"];
      setTimeout(function () {
        var view = document.getElementById("view-" + active);
        if (!view) { return; }
        view.querySelectorAll("div").forEach(function (el) {
          if (el._cyreg && el._cyreg.cy) {
            var cy = el._cyreg.cy;
            cy.resize();
            cy.fit(undefined, 30);
          }
        });
        window.dispatchEvent(new Event("resize"));
      }, 60);
      return views.map(function (v) { return { display: v === active ? "block" : "none" }; });
    }
  }
});
