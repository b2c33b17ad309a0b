/* Whether the arrows of a drawn cytoscape graph can be followed, from cytoscape's own rendered geometry.
   arguments[0]: the graph's element id. All lengths are on-screen px (model px times the zoom).
   Returns {zoom, edges, shared, through, unclickable}:
   shared: pairs of arrows that run along each other (nearly parallel, under GAP px apart) for at least RUN px,
     away from a node they both end at (arrows leaving one box fan out from it);
   through: an arrow passing through a drawn label (a factor's name, an open theme's title) of a node it does not end at;
   unclickable: arrows somewhere along which (away from their ends) a click would hit a node instead. */
var el = document.getElementById(arguments[0]); var cy = el._cyreg.cy;
var GAP = 6, RUN = 12, END = 24, STEP = 2;
var z = cy.zoom(), pan = cy.pan();
function scr(x, y) { return {x: x * z + pan.x, y: y * z + pan.y}; }
function polyline(e) {  /* the drawn path as screen points */
  var rs = e._private.rscratch, pts = rs.allpts || [], out = [];
  var curved = ['bezier', 'multibezier', 'self', 'compound'].indexOf(rs.edgeType) >= 0;
  if (curved) {
    for (var k = 0; k + 4 < pts.length; k += 4) for (var i = 0; i <= 20; i++) {
      var t = i / 20;
      out.push(scr((1-t)*(1-t)*pts[k] + 2*(1-t)*t*pts[k+2] + t*t*pts[k+4],
                   (1-t)*(1-t)*pts[k+1] + 2*(1-t)*t*pts[k+3] + t*t*pts[k+5]));
    }
  } else {
    for (var j = 0; j + 1 < pts.length; j += 2) out.push(scr(pts[j], pts[j+1]));
  }
  return out;
}
function resample(line) {  /* points every STEP px, each with the direction it is drawn in */
  var out = [];
  for (var i = 0; i + 1 < line.length; i++) {
    var a = line[i], b = line[i+1], len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len < 1e-6) continue;
    var n = Math.max(1, Math.ceil(len / STEP));
    for (var s = 0; s < n; s++) out.push({x: a.x + (b.x - a.x) * s / n, y: a.y + (b.y - a.y) * s / n,
                                          dx: (b.x - a.x) / len, dy: (b.y - a.y) / len});
  }
  if (line.length) out.push({x: line[line.length-1].x, y: line[line.length-1].y, dx: 0, dy: 0});
  return out;
}
function nearest(p, line) {  /* distance from p to a polyline, and the direction of its nearest piece */
  var best = {d: 1e9, dx: 0, dy: 0};
  for (var i = 0; i + 1 < line.length; i++) {
    var a = line[i], b = line[i+1], vx = b.x - a.x, vy = b.y - a.y, l2 = vx*vx + vy*vy;
    var t = l2 ? Math.max(0, Math.min(1, ((p.x - a.x) * vx + (p.y - a.y) * vy) / l2)) : 0;
    var d = Math.hypot(p.x - a.x - t * vx, p.y - a.y - t * vy);
    if (d < best.d) { var l = Math.sqrt(l2) || 1; best = {d: d, dx: vx / l, dy: vy / l}; }
  }
  return best;
}
var edges = cy.edges().filter(function (e) { return e.visible() && e.style('opacity') > 0; });
var info = edges.map(function (e) {
  var line = polyline(e);
  return {e: e, id: e.id(), ends: [e.source().id(), e.target().id()], line: line, pts: resample(line),
          bb: e.renderedBoundingBox({includeLabels: false, includeOverlays: false})};
});
var shared = [];
for (var i = 0; i < info.length; i++) for (var j = i + 1; j < info.length; j++) {
  var a = info[i], b = info[j];
  if (a.bb.x1 > b.bb.x2 + GAP || b.bb.x1 > a.bb.x2 + GAP || a.bb.y1 > b.bb.y2 + GAP || b.bb.y1 > a.bb.y2 + GAP) continue;
  var common = a.ends.filter(function (n) { return b.ends.indexOf(n) >= 0; });
  var first = a.line[0], last = a.line[a.line.length - 1];
  var near = [];  /* the ends of a at a node b also ends at */
  if (common.indexOf(a.ends[0]) >= 0) near.push(first);
  if (common.indexOf(a.ends[1]) >= 0) near.push(last);
  var run = 0, most = 0;
  a.pts.forEach(function (p) {
    var skip = near.some(function (q) { return Math.hypot(p.x - q.x, p.y - q.y) < END; });
    var m = skip ? null : nearest(p, b.line);
    if (m && m.d < GAP && Math.abs(p.dx * m.dx + p.dy * m.dy) > 0.94) { run += STEP; most = Math.max(most, run); }
    else { run = 0; }
  });
  if (most >= RUN) shared.push(a.id + ' ~ ' + b.id + ' (' + Math.round(most) + ' px)');
}
function inside(p, b) { return p.x > b.x1 && p.x < b.x2 && p.y > b.y1 && p.y < b.y2; }
var labels = cy.nodes().filter(function (n) {
  return !n.hasClass('band') && n.visible() && n.style('label') && parseFloat(n.style('font-size')) * z >= (parseFloat(n.style('min-zoomed-font-size')) || 0);
}).map(function (n) {
  return {id: n.id(), box: n.renderedBoundingBox({includeNodes: false, includeLabels: true, includeOverlays: false})};
});
var through = [];
info.forEach(function (a) {
  labels.forEach(function (l) {
    if (a.ends.indexOf(l.id) >= 0) return;
    var b = {x1: l.box.x1 + 1, y1: l.box.y1 + 1, x2: l.box.x2 - 1, y2: l.box.y2 - 1};
    if (a.pts.some(function (p) { return inside(p, b); })) through.push(a.id + ' through ' + l.id);
  });
});
var r = cy.renderer(), unclickable = [];
info.forEach(function (a) {
  var first = a.line[0], last = a.line[a.line.length - 1];
  var hit = a.pts.filter(function (p, k) {
    if (k % 4) return false;  /* every 8 px */
    if (Math.hypot(p.x - first.x, p.y - first.y) < 12 || Math.hypot(p.x - last.x, p.y - last.y) < 12) return false;
    var got = r.findNearestElement((p.x - pan.x) / z, (p.y - pan.y) / z, true, false);
    return got && got.isNode();
  });
  if (hit.length) unclickable.push(a.id + ' (' + hit.length * 4 * STEP + ' px under a node)');
});
return {zoom: z, edges: info.length, shared: shared, through: through, unclickable: unclickable};
