/* Small client-side helpers (pure UI, no data logic). */
(function () {
  var LARGE_GRAPH = 200;  /* elements; see fastViewport */
  var TITLES = {explore: "Explore", paths: "Path finder", compare: "Compare countries",
                matrix: "Evidence matrix", studies: "Studies", plan: "Plan"};
  var VIEWS = Object.keys(TITLES);  /* the views' keys, in the tab bar's order */

  /* Name each dropdown by its label (Dash's dropdown names itself by its value otherwise). */
  function nameDropdowns() {
    document.querySelectorAll("button.dash-dropdown[id]").forEach(function (btn) {
      var label = document.querySelector('label[for="' + btn.id + '"]');
      if (!label) { return; }
      if (!label.id) { label.id = btn.id + "-label"; }
      var want = label.id + " " + btn.id + "-value";
      if (btn.getAttribute("aria-labelledby") !== want) { btn.setAttribute("aria-labelledby", want); }
      var focus = btn.parentElement && btn.parentElement.querySelector("input.dash-dropdown-focus-target");
      if (focus && focus.getAttribute("aria-label") !== label.textContent) {
        focus.setAttribute("aria-label", label.textContent);
      }
    });
    document.querySelectorAll(".dash-dropdown-search input, input.dash-dropdown-search").forEach(function (inp) {
      if (!inp.getAttribute("aria-label")) { inp.setAttribute("aria-label", "Type to search the options"); }
    });
  }

  /* A dropdown that takes a limited number of choices (class no-select-all, e.g. "at most four countries") offers
     no "Select All" in its menu (the menu is drawn apart from it: found by the trigger's aria-controls). */
  function dropSelectAll() {
    document.querySelectorAll(".dash-dropdown-content[id]").forEach(function (menu) {
      var trigger = document.querySelector('button.dash-dropdown[aria-controls="' + menu.id + '"]');
      if (!trigger || !trigger.closest(".no-select-all")) { return; }
      menu.querySelectorAll(".dash-dropdown-action-button").forEach(function (btn) {
        if (btn.textContent.trim() === "Select All" && btn.style.display !== "none") { btn.style.display = "none"; }
      });
    });
  }

  /* A multi-choice dropdown clears the typed search text once an option is chosen: the next name is typed afresh
     over the whole list (Dash's dropdown keeps the text). */
  function clearSearchSoon(menu) {
    setTimeout(function () {
      var input = menu && menu.querySelector("input.dash-dropdown-search");
      if (!input || !input.value) { return; }
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, "");
      input.dispatchEvent(new Event("input", {bubbles: true}));  /* React hears it as typing */
    }, 0);
  }
  function multiMenu(el) {
    var menu = el && el.closest && el.closest(".dash-dropdown-content");
    return menu && menu.querySelector(".dash-dropdown-option input[type=checkbox]") ? menu : null;
  }
  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest(".dash-dropdown-option")) { clearSearchSoon(multiMenu(ev.target)); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { clearSearchSoon(multiMenu(ev.target)); }
  });

  /* Name the file inputs of upload areas (dcc.Upload renders a bare one) by their area's text. */
  function nameUploads() {
    document.querySelectorAll(".pl-upload input[type=file]").forEach(function (inp) {
      if (inp.hasAttribute("autocomplete")) { inp.removeAttribute("autocomplete"); }
      if (!inp.getAttribute("aria-label")) { inp.setAttribute("aria-label", "Load a saved self-assessment (JSON or CSV file)"); }
    });
  }

  /* Left / right arrows move between the view tabs (the ARIA tabs pattern). */
  document.addEventListener("keydown", function (ev) {
    var tab = ev.target.closest && ev.target.closest(".tab-bar [role=tab]");
    if (!tab || (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft")) { return; }
    var tabs = Array.from(document.querySelectorAll(".tab-bar [role=tab]"));
    var i = tabs.indexOf(tab) + (ev.key === "ArrowRight" ? 1 : -1);
    tabs[(i + tabs.length) % tabs.length].focus();
    ev.preventDefault();
  });

  /* The skip links (dashapp.app.skip_links): open the Explore view if another is showing, then move the focus
     to the graph's box or the details (no change of the address: it holds the view's state). */
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a.skip-link");
    if (!link) { return; }
    ev.preventDefault();
    var target = document.getElementById(link.getAttribute("href").slice(1));
    var go = function () { target.focus({preventScroll: true}); target.scrollIntoView({block: "start"}); };
    var view = document.getElementById("view-explore");
    if (view && view.style.display === "none") {
      var tab = document.querySelector(".tab-bar [data-view=explore]");
      if (tab) { tab.click(); }
      var tries = 0;  /* once the view shows (a hidden box takes no focus) */
      var wait = setInterval(function () {
        if (target.offsetParent || ++tries > 50) { clearInterval(wait); go(); }
      }, 50);
    } else { go(); }
  });

  /* The explore graph from the keyboard, on its focused box (dashapp.pages.explore.GRAPH_FRAME): an arrow key goes
     to the nearest box in that direction and selects it (its details show), Enter opens it as a click does, Escape
     clears the selection. The box the keys reached wears .kbd-cursor and is announced. */
  var KEY_GRAPH = "explore-graph", KEY_FRAME = "explore-graph-frame", KEY_LIVE = "explore-graph-live";
  var KEY_SELECTION = "selection", KEY_CURSOR = "kbd-cursor";
  var ARROWS = {ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1]};
  var keyCursor = null;  /* the id of the box the keys (or the last click) reached */
  function graphOf(id) { var el = document.getElementById(id); return el && el._cyreg && el._cyreg.cy; }
  function nodeName(n) { return String(n.data("label") || n.id()).split("\n")[0]; }
  /* the drawn box nearest to *from* in direction *dir*: ahead of it within 45 degrees, straight ahead preferred */
  function nearest(boxes, from, dir) {
    var p = from.position(), best = null, bestScore = Infinity;
    boxes.forEach(function (n) {
      if (n.same(from)) { return; }
      var q = n.position(), dx = q.x - p.x, dy = q.y - p.y;
      var ahead = dx * dir[0] + dy * dir[1], side = Math.abs(dx * dir[1] - dy * dir[0]);
      if (ahead <= 1 || side > ahead) { return; }
      var score = ahead + 2 * side;
      if (score < bestScore) { bestScore = score; best = n; }
    });
    return best;
  }
  function markCursor(cy) {
    cy.nodes("." + KEY_CURSOR).forEach(function (n) { if (n.id() !== keyCursor) { n.removeClass(KEY_CURSOR); } });
    if (keyCursor) { var n = cy.getElementById(keyCursor); if (n.length && !n.hasClass(KEY_CURSOR)) { n.addClass(KEY_CURSOR); } }
  }
  function watchCursor(cy) {
    if (cy._pswKeys) { return; }
    cy._pswKeys = true;
    cy.on("tap", "node", function (ev) { keyCursor = ev.target.id(); markCursor(cy); });
    /* a redraw (new elements, or their classes rewritten) keeps the mark */
    cy.on("add class", function () { setTimeout(function () { markCursor(cy); }, 0); });
  }
  function say(text) { var live = document.getElementById(KEY_LIVE); if (live) { live.textContent = text; } }
  /* the frame scrolls sideways when the canvas is wider than the column (phones): keep the box in it */
  function showInFrame(frame, n) {
    var x = n.renderedPosition().x, w = n.renderedOuterWidth() / 2;
    if (x - w < frame.scrollLeft) { frame.scrollLeft = Math.max(0, x - w - 20); }
    else if (x + w > frame.scrollLeft + frame.clientWidth) { frame.scrollLeft = x + w + 20 - frame.clientWidth; }
  }
  /* A click on a box or an arrow when the details sit below the graph (phones, tablets): once they show what was
     clicked, the page scrolls them into view, and keeps them there while the graph above settles (an opened theme
     makes it taller). */
  function bringDetails() {
    var box = document.getElementById("details");
    if (!box) { return; }
    var before = box.textContent, started = Date.now(), steady = 0;
    var timer = setInterval(function () {
      if (Date.now() - started > 30000) { clearInterval(timer); return; }  /* a slow answer still counts */
      if (box.textContent === before) { return; }  /* not answered yet */
      var top = box.getBoundingClientRect().top;
      if (top < -2 || top > window.innerHeight - 80) { box.scrollIntoView({block: "start"}); steady = 0; }
      else if (++steady > 15) { clearInterval(timer); }
    }, 100);
  }
  /* the explore graph's own listeners, bound once it exists */
  function bindExploreGraph() {
    var cy = graphOf(KEY_GRAPH);
    if (!cy) { setTimeout(bindExploreGraph, 200); return; }
    watchCursor(cy);
    cy.on("tap", "node, edge", bringDetails);
  }
  document.addEventListener("DOMContentLoaded", bindExploreGraph);

  document.addEventListener("keydown", function (ev) {
    var frame = ev.target;
    if (!frame || frame.id !== KEY_FRAME || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var cy = graphOf(KEY_GRAPH);
    if (!cy) { return; }
    watchCursor(cy);
    var boxes = cy.nodes('[kind = "factor"]').filter(function (n) { return n.visible(); });
    var at = keyCursor && cy.getElementById(keyCursor);
    if (!at || !at.length) { at = cy.nodes('[kind = "factor"].selected').first(); }
    var setProps = window.dash_clientside && window.dash_clientside.set_props;
    if (ARROWS[ev.key]) {
      ev.preventDefault();
      var next = at && at.length ? nearest(boxes, at, ARROWS[ev.key]) : boxes.sort(function (a, b) {
        return a.position().y - b.position().y || a.position().x - b.position().x; }).first();
      if (!next || !next.length) { say("No box further " + ev.key.slice(5).toLowerCase() + "."); return; }
      keyCursor = next.id();
      markCursor(cy);
      showInFrame(frame, next);
      if (setProps) { setProps(KEY_SELECTION, {data: {type: "factor", id: next.id()}}); }
      say(nodeName(next) + (next.data("can_open") ? ": a theme, Enter opens it." : "."));
    } else if (ev.key === "Enter" || ev.key === " ") {
      if (!at || !at.length) { return; }
      ev.preventDefault();
      at.emit("tap");
      say(nodeName(at) + (at.data("can_open") ? " opened." : " selected."));
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      keyCursor = null;
      markCursor(cy);
      if (setProps) { setProps(KEY_SELECTION, {data: null}); }
      say("Selection cleared.");
    }
  });

  /* While the page waits for the server for more than 300 ms, body.psw-busy (style.css: a bar, dimmed panels). */
  function watchBusy() {
    var store = window.store;
    if (!store || !store.subscribe) { setTimeout(watchBusy, 100); return; }
    var timer = null, busy = false;
    store.subscribe(function () {
      var now = !!store.getState().isLoading;
      if (now === busy) { return; }
      busy = now;
      clearTimeout(timer);
      if (now) {
        timer = setTimeout(function () { document.body.classList.add("psw-busy"); document.body.setAttribute("aria-busy", "true"); }, 300);
      } else {
        document.body.classList.remove("psw-busy");
        document.body.removeAttribute("aria-busy");
      }
    });
  }

  /* A box of HTML sent whole (dashapp.components.markup.raw_html: escaped by the server): its data-html becomes
     its content, whenever the box appears or its data-html changes. */
  function fillHtml(root) {
    var boxes = root.matches && root.matches("[data-html]") ? [root] : [];
    if (root.querySelectorAll) { boxes = boxes.concat(Array.from(root.querySelectorAll("[data-html]"))); }
    boxes.forEach(function (box) {
      var markup = box.getAttribute("data-html");
      if (box._pswHtml !== markup) { box._pswHtml = markup; box.innerHTML = markup; }
    });
  }

  /* Cytoscape measures where its box sits on the page once and keeps it (until a scroll or a window resize), so
     when what is above a graph grows (the export bar wrapping to three rows, a note appearing) a click lands
     where the box used to be. Whenever a graph's box moves or changes size on the page, it measures itself
     again (cy.resize()): checked at most once a frame, after a change of the page's size, of the graph's box or
     of what sits above it, or of the page's content. */
  var CY_BOX = ".__________cytoscape_container";  /* the class Cytoscape gives its container */
  function watchGraphBoxes() {
    var seen = new WeakMap(), watched = new WeakSet(), queued = false;
    var check = function () {
      queued = false;
      document.querySelectorAll(CY_BOX).forEach(function (el) {
        var cy = el._cyreg && el._cyreg.cy;
        if (!watched.has(el)) { watchAbove(el); }  /* also a graph in a hidden view: shown, it grows */
        if (!cy || !el.offsetWidth) { return; }
        var b = el.getBoundingClientRect();
        var key = [b.left + window.scrollX, b.top + window.scrollY, b.width, b.height].map(Math.round).join();
        if (seen.get(el) !== key) { seen.set(el, key); cy.resize(); }
      });
    };
    var schedule = function () { if (!queued) { queued = true; requestAnimationFrame(check); } };
    var sizes = new ResizeObserver(schedule);
    /* the graph's box and every box before it on the way up to the page: what can push it down or aside */
    var watchAbove = function (el) {
      watched.add(el);
      for (var node = el; node && node !== document.body; node = node.parentElement) {
        sizes.observe(node);
        for (var sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) { sizes.observe(sib); }
      }
    };
    sizes.observe(document.body);
    new MutationObserver(schedule).observe(document.body, {subtree: true, childList: true});
    window.addEventListener("load", schedule);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(schedule); }
    schedule();
  }

  /* The studies table cuts a long cell to a few lines (studies.css: .studies-clamp); its "more" (a <details>) shows
     only where text was cut (the cell's data-cut), and data-cut="match" when a searched word (<mark>) lies in the
     hidden part. Measured again, at most once a frame, after the table's rows or its width change and after a
     "more" closes; an open "more" keeps its cell as it was. */
  function watchCutCells() {
    var queued = false, sized = new WeakSet();
    var sizes = new ResizeObserver(function () { schedule(); });
    var check = function () {
      queued = false;
      document.querySelectorAll(".studies-table").forEach(function (table) {
        if (!sized.has(table)) { sized.add(table); sizes.observe(table); }
      });
      document.querySelectorAll(".studies-clamp").forEach(function (text) {
        var cell = text.parentElement, more = cell.querySelector(":scope > .studies-more");
        if (!more || more.open || !text.offsetHeight) { return; }
        var bottom = text.getBoundingClientRect().bottom + 1, cut = "";
        if (text.scrollHeight > text.clientHeight + 1) {
          cut = Array.from(text.querySelectorAll("mark")).some(function (m) {
            return m.getBoundingClientRect().bottom > bottom; }) ? "match" : "yes";
        }
        if (cut && cell.getAttribute("data-cut") !== cut) { cell.setAttribute("data-cut", cut); }
        if (!cut && cell.hasAttribute("data-cut")) { cell.removeAttribute("data-cut"); }
      });
    };
    var schedule = function () { if (!queued) { queued = true; requestAnimationFrame(check); } };
    new MutationObserver(function (records) {
      if (records.some(function (r) { var t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
                                      return t && t.closest && t.closest(".studies-table"); })) { schedule(); }
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
    document.addEventListener("toggle", function (ev) {
      if (ev.target.classList && ev.target.classList.contains("studies-more") && !ev.target.open) { schedule(); }
    }, true);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(schedule); }
    schedule();
  }

  document.addEventListener("DOMContentLoaded", function () {
    watchBusy();
    watchGraphBoxes();
    watchCutCells();
    fillHtml(document.body);
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        if (r.type === "attributes") { fillHtml(r.target); } else { r.addedNodes.forEach(fillHtml); }
      });
    }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-html"]});
    new MutationObserver(function () { nameDropdowns(); nameUploads(); dropSelectAll(); }).observe(document.body, {subtree: true, childList: true,
                                                                attributes: true, attributeFilter: ["aria-labelledby"]});
  });

  /* The Plan's self-assessment: the marks the stores hold, the form's buttons checked from them, and a press on
     a button writes the stores (one change event, whatever the number of factors). */
  var planMarks = {problem: [], strength: []};
  var PLAN_FORM = "pl-form", PLAN_STORES = {problem: "pl-problem", strength: "pl-strength"};
  function checkPlanForm(form) {
    var isP = new Set(planMarks.problem), isS = new Set(planMarks.strength);
    form.querySelectorAll("fieldset[data-factor]").forEach(function (box) {
      var f = box.getAttribute("data-factor");
      var want = isP.has(f) ? "problem" : isS.has(f) ? "strength" : "unknown";
      box.querySelectorAll("input[type=radio]").forEach(function (i) { i.checked = i.value === want; });
    });
  }
  document.addEventListener("change", function (ev) {
    var input = ev.target, form = input && input.closest && input.closest("#" + PLAN_FORM);
    if (!form || input.type !== "radio") { return; }
    var marks = {problem: [], strength: []};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (i) {
      var box = i.closest("fieldset[data-factor]");
      if (box && marks[i.value]) { marks[i.value].push(box.getAttribute("data-factor")); }
    });
    var setProps = window.dash_clientside && window.dash_clientside.set_props;
    Object.keys(marks).forEach(function (k) {
      marks[k].sort();
      if (setProps && JSON.stringify(marks[k]) !== JSON.stringify(planMarks[k])) {
        planMarks[k] = marks[k];
        setProps(PLAN_STORES[k], {data: marks[k]});
      }
    });
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    pswgraph: {
      /* A fold button was pressed (dashapp.pages.explore.fold_on_phones): its box opens or closes, and says so. */
      toggleOpen: function (n, open) {
        var trig = window.dash_clientside.callback_context.triggered_id;
        var btn = typeof trig === "string" && document.getElementById(trig);
        var now = n ? !open : open;
        if (btn) { btn.setAttribute("aria-expanded", now ? "true" : "false"); }
        return now;
      },
      /* A tab button was pressed: its view becomes the active one. */
      pickTab: function () {
        var trig = window.dash_clientside.callback_context.triggered_id;
        if (!trig || !trig.index) { return window.dash_clientside.no_update; }
        return trig.index;
      },
      /* A large graph pans and zooms on a picture of itself (Cytoscape's textureOnViewport), redrawn when the
         gesture ends: a frame of hundreds of lines and labels takes longer than a frame should. */
      fastViewport: function (elements, id) {
        var set = function () {
          var el = document.getElementById(id);
          var cy = el && el._cyreg && el._cyreg.cy;
          if (cy) { cy.renderer().textureOnViewport = (elements || []).length > LARGE_GRAPH; }
        };
        setTimeout(set, 0);
        return (elements || []).length > LARGE_GRAPH;
      },
      /* A graph whose canvas changes size with what it draws: once drawn, measure the canvas again and fit. */
      refit: function (_elements, id) {
        var fit = function () {
          var el = document.getElementById(id);
          var cy = el && el._cyreg && el._cyreg.cy;
          if (cy && el.offsetWidth > 0 && el.offsetHeight > 0) { cy.resize(); cy.fit(undefined, 14); }
        };
        setTimeout(fit, 60);
        setTimeout(fit, 400);
        return window.dash_clientside.no_update;
      },
      /* A drawing whose labels stay readable (the path finder): once drawn, its canvas takes the drawing's
         proportions at its frame's width (taller as the drawing grows: the page scrolls), never so narrow that
         the smallest label is under keep.px on screen (wider than the frame, which scrolls sideways), never
         enlarging the drawing past keep.most; again whenever the window changes size. */
      growCanvas: function (_elements, id, keep) {
        var pad = 14;
        var grow = function () {
          var el = document.getElementById(id);
          var cy = el && el._cyreg && el._cyreg.cy;
          var frame = el && el.closest(".paths-canvas");
          if (!cy || !frame || frame.clientWidth === 0 || cy.elements().length === 0) { return; }
          var box = cy.elements().boundingBox();
          var smallest = Infinity;
          cy.elements().forEach(function (e) {
            if (e.visible() && e.style("label")) { smallest = Math.min(smallest, parseFloat(e.style("font-size"))); }
          });
          var fits = (frame.clientWidth - 2 * pad) / Math.max(box.w, 1);
          var least = isFinite(smallest) ? keep.px / smallest : 0;
          var zoom = Math.min(Math.max(fits, least), Math.max(keep.most, least));
          el.style.width = zoom > fits ? Math.ceil(box.w * zoom + 2 * pad) + "px" : "100%";
          el.style.height = Math.ceil(box.h * zoom + 2 * pad) + "px";
          cy.resize();
          cy.fit(undefined, pad);
        };
        var el = document.getElementById(id);
        if (el && !el._pswGrows) {  /* once per canvas: a new window size sizes it again */
          el._pswGrows = true;
          var soon = null;
          window.addEventListener("resize", function () { clearTimeout(soon); soon = setTimeout(grow, 80); });
        }
        setTimeout(grow, 60);
        setTimeout(grow, 400);
        return window.dash_clientside.no_update;
      },
      /* The Plan's radio buttons and its two stores (the marks), kept in step in the page: a click on a radio
         rewrites the stores; a store written elsewhere (the address, a loaded file, a country's start) sets the
         radios. No request, no re-drawn form. */
      /* The Plan's stores → its form's checked buttons (the form is one box of HTML: dashapp.pages.plan.form_html). */
      planForm: function (problem, strength, id) {
        planMarks.problem = problem || []; planMarks.strength = strength || [];
        var form = document.getElementById(id);
        if (form) { fillHtml(form); checkPlanForm(form); }
        return window.dash_clientside.no_update;
      },
      /* The Plan's graph marked from the two stores, in the page (dashapp.pages.plan.graph_elements says the same in
         Python): each factor's class st-<state>, its label's symbol and its tooltip; a closed theme's counts of its
         members' marks. Waits (up to 5 s) until Cytoscape holds the elements it was sent. */
      planPaint: function (problem, strength, elements, words, id) {
        var isP = new Set(problem || []), isS = new Set(strength || []), tries = 0;
        var stateOf = function (f) { return isP.has(f) ? "problem" : isS.has(f) ? "strength" : "unknown"; };
        var marked = (elements || []).filter(function (e) { return e.data && e.data.base !== undefined; });
        function paint() {
          var cy = graphOf(id);
          var stale = function (e) {  /* not yet given this element's data (a node drawn before keeps its old) */
            var n = cy.getElementById(e.data.id);
            return n.empty() || n.data("tail") !== e.data.tail || n.data("base") !== e.data.base;
          };
          if (!cy || marked.some(stale)) {
            if (tries++ < 100) { setTimeout(paint, 50); }
            return;
          }
          cy.batch(function () {
            marked.forEach(function (e) {
              var d = e.data, node = cy.getElementById(d.id), state, label, title;
              if (d.members) {
                var c = {problem: 0, strength: 0, unknown: 0};
                d.members.forEach(function (f) { c[stateOf(f)] += 1; });
                state = c.problem ? "problem" : c.strength === d.members.length ? "strength" : "unknown";
                label = d.base + "\n" + words.order.map(function (s) { return words.symbols[s] + " " + c[s]; }).join(" · ");
                title = d.full_label + ": " + words.order.map(function (s) {
                  return c[s] + " " + words.words[s][c[s] !== 1 ? 1 : 0]; }).join(", ") + d.tail;
                node.data("marks", c);
              } else {
                state = stateOf(d.id);
                node.removeData("marks members");  /* an opened theme keeps the data it had closed */
                label = words.symbols[state] + " " + d.base;
                title = d.full_label + ": " + words.labels[state] + d.tail;
              }
              node.removeClass("st-problem st-strength st-unknown").addClass("st-" + state);
              node.data({label: label, title: title});
            });
          });
        }
        paint();
        return window.dash_clientside.no_update;
      },
      /* A read-only panel's HTML (escaped by the server: dashapp.components.markup) written into its box. */
      setHtml: function (markup, id) {
        var box = document.getElementById(id);
        if (box && typeof markup === "string") { box.innerHTML = markup; }
        return window.dash_clientside.no_update;
      },
      /* Only an address of the Plan's old format (has= / lacks=) goes to the server, to be explained. */
      oldPlanLink: function (search) {
        return /[?&](has|lacks)=/.test(search || "") ? search : window.dash_clientside.no_update;
      },
      /* The store of the view whose tab is shown (dashapp.components.opened) is set to its key; the others are
         left as they are, so only that view's drawing callbacks are asked. */
      openedView: function (active) {
        active = VIEWS.indexOf(active) >= 0 ? active : "explore";
        return VIEWS.map(function (v) { return v === active ? v : window.dash_clientside.no_update; });
      },
      /* Show the active view, hide the others, mark its tab, name the page; then let its graphs refit. */
      showView: function (active) {
        active = VIEWS.indexOf(active) >= 0 ? active : "explore";
        document.querySelectorAll(".tab-bar [role=tab]").forEach(function (b) {
          var on = b.getAttribute("data-view") === active;
          b.classList.toggle("active", on);
          b.setAttribute("aria-selected", on ? "true" : "false");
          b.setAttribute("tabindex", "0");
        });
        document.title = TITLES[active] + " — pswgraph explorer";
        var refit = function () {
          var view = document.getElementById("view-" + active);
          if (!view) { return; }
          view.querySelectorAll("div").forEach(function (el) {
            if (el._cyreg && el._cyreg.cy && el.offsetWidth > 0 && el.offsetHeight > 0) {
              var cy = el._cyreg.cy;
              cy.resize();
              cy.fit(undefined, 14);
            }
          });
          window.dispatchEvent(new Event("resize"));
        };
        /* once the view is laid out, and again in case its graph was still being drawn */
        setTimeout(refit, 60);
        setTimeout(refit, 450);
        return VIEWS.map(function (v) { return { display: v === active ? "block" : "none" }; });
      }
    }
  });
})();
