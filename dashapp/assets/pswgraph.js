/* Small client-side helpers (pure UI, no data logic). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  pswgraph: {
    /* Show the active view, hide the others; then let the graphs in it refit. */
    showView: function (active) {
      var views = ["explore", "paths", "compare", "matrix", "studies"];
      var refit = function () {
        var view = document.getElementById("view-" + active);
        if (!view) { return; }
        view.querySelectorAll("div").forEach(function (el) {
          if (el._cyreg && el._cyreg.cy && el.offsetWidth > 0 && el.offsetHeight > 0) {
            var cy = el._cyreg.cy;
            cy.resize();
            cy.fit(undefined, 12);
          }
        });
        window.dispatchEvent(new Event("resize"));
      };
      /* once the view is laid out, and again in case its graph was still being drawn */
      setTimeout(refit, 60);
      setTimeout(refit, 450);
      return views.map(function (v) { return { display: v === active ? "block" : "none" }; });
    }
  }
});
