/* Readability of a drawn cytoscape graph, from cytoscape's own rendered bounding boxes.
   arguments[0]: the graph's element id. Returns the smallest drawn label size in px, the labels under 11 px,
   label overlaps (label on label, label on another node) and lines that pass through a label. */
var el = document.getElementById(arguments[0]); var cy = el._cyreg.cy;
var z = cy.zoom();
function inter(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
function inside(p, b) { return p.x > b.x1 && p.x < b.x2 && p.y > b.y1 && p.y < b.y2; }
var labelled = cy.nodes().filter(function (n) { return !n.hasClass('band') && n.style('label') && n.style('display') !== 'none'; });
var minFont = 1e9, small = [];
labelled.forEach(function (n) {
  var fs = parseFloat(n.style('font-size')) * z;
  var minz = parseFloat(n.style('min-zoomed-font-size')) || 0;
  if (fs < minz) { return; }  // not drawn at this zoom
  if (fs < minFont) { minFont = fs; }
  if (fs < 11) { small.push(n.id()); }
});
var boxes = labelled.map(function (n) { return {id: n.id(), parent: n.isChild() ? n.parent().id() : null, compound: n.isParent(),
  lab: n.boundingBox({includeNodes: false, includeLabels: true, includeOverlays: false}),
  body: n.boundingBox({includeNodes: true, includeLabels: false, includeOverlays: false})}; });
var overlaps = [];
for (var i = 0; i < boxes.length; i++) for (var j = 0; j < boxes.length; j++) {
  if (i === j) continue; var a = boxes[i], b = boxes[j];
  if (a.compound || b.compound) continue;
  if (i < j && inter(a.lab, b.lab)) overlaps.push(a.id + ' label~label ' + b.id);
  if (inter(a.lab, b.body) && !(a.lab.x1 >= b.body.x1 && a.lab.x2 <= b.body.x2 && a.id === b.id)) overlaps.push(a.id + ' label~node ' + b.id);
}
var through = [];
cy.edges().forEach(function (e) {
  var pts = e._private.rscratch.allpts || [];
  var samples = [];
  if (e._private.rscratch.edgeType === 'bezier' || e._private.rscratch.edgeType === 'multibezier' || e._private.rscratch.edgeType === 'self' || e._private.rscratch.edgeType === 'compound') {
    for (var k = 0; k + 4 < pts.length; k += 4) for (var t = 0; t <= 1; t += 0.05) {
      var x = (1-t)*(1-t)*pts[k] + 2*(1-t)*t*pts[k+2] + t*t*pts[k+4];
      var y = (1-t)*(1-t)*pts[k+1] + 2*(1-t)*t*pts[k+3] + t*t*pts[k+5];
      samples.push({x: x, y: y});
    }
  } else {
    for (var k2 = 0; k2 + 2 < pts.length; k2 += 2) for (var t2 = 0; t2 <= 1; t2 += 0.05)
      samples.push({x: pts[k2] + t2*(pts[k2+2]-pts[k2]), y: pts[k2+1] + t2*(pts[k2+3]-pts[k2+1])});
  }
  boxes.forEach(function (b) {
    if (b.compound || b.id === e.source().id() || b.id === e.target().id()) return;
    if (samples.some(function (p) { return inside(p, b.lab); })) through.push(e.id() + ' through ' + b.id);
  });
});
return {zoom: z, minFont: minFont, small: small, overlaps: overlaps, through: through, n: labelled.length};
