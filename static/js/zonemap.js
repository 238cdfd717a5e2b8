/* devzone maps: zones' GeoJSON on Leaflet without a tile server (ADR 0162).
 * DevzoneMap.zone(el, geojson, {legend})  — one zone's areas, coloured by area kind
 * DevzoneMap.province(el, url)           — every visible zone, coloured by kind or status
 * DevzoneMap.draw(map, textarea, buttons) — click-to-draw a polygon into a GeoJSON textarea
 */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var LIAONING = [[38.7, 118.8], [43.5, 125.8]];
  var AREA_COLOURS = { catalogue: "#c0392b", planned: "#2471a3", controlled: "#d68910", sub_area: "#7d3c98" };
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
  var STATUS_COLOURS = { active: "#2e7d32", warned: "#f9a825", rectifying: "#ef6c00", delisted: "#c62828", merged: "#607d8b" };

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function baseMap(el) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: false });
    L.control.scale({ imperial: false }).addTo(map);
    var grid = L.layerGroup().addTo(map);
    function graticule() {
      grid.clearLayers();
      var b = map.getBounds();
      var span = Math.max(b.getEast() - b.getWest(), b.getNorth() - b.getSouth());
      var step = [10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01].filter(function (s) { return span / s >= 3; })[0] || 0.01;
      var style = { color: "#9aa5b1", weight: 0.6, opacity: 0.6, interactive: false, dashArray: "3 4" };
      for (var lon = Math.ceil(b.getWest() / step) * step; lon <= b.getEast(); lon += step) {
        L.polyline([[b.getSouth(), lon], [b.getNorth(), lon]], style).addTo(grid);
      }
      for (var lat = Math.ceil(b.getSouth() / step) * step; lat <= b.getNorth(); lat += step) {
        L.polyline([[lat, b.getWest()], [lat, b.getEast()]], style).addTo(grid);
      }
    }
    map.on("moveend zoomend", graticule);
    map._devzoneGrid = grid;
    return map;
  }

  function fit(map, layer) {
    var bounds = layer.getLayers().length ? layer.getBounds() : L.latLngBounds(LIAONING);
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
  }

  function legend(map, entries, title) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      div.setAttribute("data-testid", "map-legend");
      if (title) L.DomUtil.create("strong", "", div).textContent = title;
      entries.forEach(function (e) {
        var row = L.DomUtil.create("div", "", div);
        L.DomUtil.create("i", "", row).style.background = e[1];  /* CSSOM: allowed under the CSP */
        row.appendChild(document.createTextNode(e[0]));
      });
      return div;
    };
    control.addTo(map);
    return control;
  }

  var LANG = document.documentElement.lang || "zh-CN";
  var KM2 = new Intl.NumberFormat(LANG, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  /* "77.2700" → "77.27 km²" in the page's language; "" for no figure. */
  function km2(value) {
    if (value === null || value === undefined || value === "") return "";
    var n = Number(value);
    return isNaN(n) ? "" : KM2.format(n) + " km²";
  }

  function popup(p) {
    var lines = '<strong><a href="' + escape(p.url) + '">' + escape(p.zone_name) + "</a></strong><br>" +
      escape(p.area_name) + " · " + escape(p.zone_kind_label) + " · " + escape(p.status_label);
    if (km2(p.declared_km2)) lines += "<br>" + escape(gettext("申报面积")) + " " + escape(km2(p.declared_km2));
    if (km2(p.computed_km2)) lines += "<br>" + escape(gettext("计算面积")) + " " + escape(km2(p.computed_km2));
    return lines;
  }

  function zoneMap(el, geojson, options) {
    var map = baseMap(el);
    var order = ["controlled", "planned", "catalogue", "sub_area"];
    var features = (geojson.features || []).slice().sort(function (a, b) {
      return order.indexOf(a.properties.area_kind) - order.indexOf(b.properties.area_kind);
    });
    var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: function (f) {
        var c = AREA_COLOURS[f.properties.area_kind] || "#555";
        return { color: c, weight: 2, fillColor: c, fillOpacity: 0.15 };
      },
      onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); l.bindTooltip(escape(f.properties.area_name)); }
    }).addTo(map);
    fit(map, layer);
    var labels = (options && options.kinds) || {};
    legend(map, Object.keys(labels).map(function (k) { return [labels[k], AREA_COLOURS[k] || "#555"]; }), gettext("区域"));
    return { map: map, layer: layer };
  }

  /* The base layer (ADR 0026): province, city and county outlines with place names, drawn in a
   * pane under the zones, never interactive; county names only from zoom 9. */
  function baseLayer(map, url) {
    map.createPane("base").style.zIndex = 350;
    var styles = {
      province: { color: "#4b5563", weight: 2.2, fill: true, fillColor: "#ffffff", fillOpacity: 0.9 },
      city: { color: "#6b7280", weight: 1.3, fill: false },
      county: { color: "#9ca3af", weight: 0.6, dashArray: "2 3", fill: false }
    };
    var group = L.layerGroup().addTo(map);
    function showCounties() {
      map.getContainer().classList.toggle("show-county-labels", map.getZoom() >= 9);
    }
    map.on("zoomend", showCounties);
    showCounties();
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (json) {
      var order = { province: 0, county: 1, city: 2 };
      json.features.slice().sort(function (a, b) { return order[a.properties.layer] - order[b.properties.layer]; })
        .forEach(function (f) {
          var p = f.properties;
          L.geoJSON(f, { pane: "base", interactive: false, style: styles[p.layer] || styles.county }).addTo(group);
          if (p.layer !== "province" && p.label) {
            L.tooltip({ permanent: true, direction: "center", className: "place-label " + p.layer, interactive: false })
              .setLatLng([p.label[1], p.label[0]]).setContent(escape(p.name)).addTo(group);
          }
        });
      map.getContainer().setAttribute("data-base-features", String(json.features.length));
      return group;
    });
  }

  /* A zone outline reachable by keyboard: focusable, named, Enter/Space opens its popup. */
  function focusable(layer, name) {
    layer.eachLayer(function (l) {
      function apply() {
        var path = l.getElement && l.getElement();
        if (!path || path.classList.contains("zone-shape")) return;
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", "button");
        path.setAttribute("aria-label", name);
        path.classList.add("zone-shape");
        path.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); layer._map.closePopup(); layer.openPopup(l.getBounds().getCenter()); }
        });
        path.addEventListener("focus", function () { layer.openTooltip(l.getBounds().getCenter()); });
        path.addEventListener("blur", function () { layer.closeTooltip(); });
      }
      l.on("add", apply);  /* Leaflet creates the path when the map has its first view */
      apply();
    });
  }

  /* The list beside the map: every zone drawn, with its figures and a button to show it. */
  function zoneList(container, outlines, shapes, map) {
    if (!container) return;
    var rows = outlines.slice().sort(function (a, b) {
      return String(a.properties.zone_name).localeCompare(String(b.properties.zone_name), LANG);
    });
    var table = document.createElement("table");
    table.className = "table compact";
    var head = table.createTHead().insertRow();
    [gettext("开发区"), gettext("状态"), gettext("申报面积")].forEach(function (t) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = t; head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (f) {
      var p = f.properties, tr = body.insertRow();
      tr.setAttribute("data-zone", p.zone || "");
      var name = document.createElement("th"); name.scope = "row";
      var a = document.createElement("a"); a.href = p.url; a.textContent = p.zone_name; name.appendChild(a);
      var show = document.createElement("button");
      show.type = "button"; show.className = "link show-on-map"; show.textContent = gettext("在地图上显示");
      show.addEventListener("click", function () {
        var l = shapes[p.zone];
        if (!l) return;
        map.fitBounds(l.getBounds(), { padding: [30, 30], maxZoom: 12 });
        map.closePopup();
        l.openPopup(l.getBounds().getCenter());
      });
      name.appendChild(document.createElement("br")); name.appendChild(show);
      tr.appendChild(name);
      tr.insertCell().textContent = p.status_label || "";
      var area = tr.insertCell(); area.className = "num"; area.textContent = km2(p.declared_km2) || "—";
    });
    container.replaceChildren(table);
  }

  function provinceMap(el, url, toggle, baseUrl, listEl) {
    var map = baseMap(el);
    var layer = L.geoJSON(null).addTo(map);
    var data = null, control = null, shapes = {};
    var kindColour = {};
    function colourOf(p, by) {
      if (by === "status") return STATUS_COLOURS[p.status] || "#555";
      if (!(p.zone_kind in kindColour)) kindColour[p.zone_kind] = PALETTE[Object.keys(kindColour).length % PALETTE.length];
      return kindColour[p.zone_kind];
    }
    function outlinesOf() { return data.features.filter(function (f) { return f.properties.outline !== false; }); }
    function render(by) {
      layer.clearLayers();
      if (control) control.remove();
      var seen = {};
      shapes = {};
      outlinesOf().forEach(function (f) {
        var p = f.properties;
        var c = colourOf(p, by);
        seen[by === "status" ? p.status_label : p.zone_kind_label] = c;
        var shown = L.geoJSON(f, { style: { color: c, weight: 2, fillColor: c, fillOpacity: 0.45 } })
          .bindPopup(popup(p)).bindTooltip(escape(p.zone_name));
        focusable(shown, p.zone_name);
        shown.addTo(layer);
        shapes[p.zone] = shown;
      });
      control = legend(map, Object.keys(seen).map(function (k) { return [k, seen[k]]; }),
        by === "status" ? gettext("状态") : gettext("类型"));
      el.setAttribute("data-colour-by", by);
      el.setAttribute("data-zone-count", String(outlinesOf().length));
    }
    /* The base layer draws in its own pane whenever it arrives; the zones do not wait for it. */
    if (baseUrl) baseLayer(map, baseUrl).catch(function () { return null; });
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (json) {
      data = json;
      var by = toggle ? toggle.value : "kind";
      render(by);
      fit(map, layer);
      zoneList(listEl, outlinesOf(), shapes, map);
      if (toggle) toggle.addEventListener("change", function () {
        render(toggle.value);
        zoneList(listEl, outlinesOf(), shapes, map);
      });
      el.setAttribute("data-loaded", "1");
    });
    return map;
  }

  /* Click on the map to add corners; "finish" closes the ring and writes a GeoJSON Polygon. */
  function draw(map, textarea, buttons) {
    var points = [], preview = L.layerGroup().addTo(map), active = false;
    function redraw() {
      preview.clearLayers();
      points.forEach(function (p) { L.circleMarker(p, { radius: 4, color: "#111" }).addTo(preview); });
      if (points.length > 1) L.polyline(points, { color: "#111", dashArray: "4 4" }).addTo(preview);
    }
    function round(x) { return Math.round(x * 1e6) / 1e6; }
    map.on("click", function (e) {
      if (!active) return;
      points.push(e.latlng);
      redraw();
    });
    buttons.start.addEventListener("click", function () {
      active = true; points = []; redraw();
      map.getContainer().classList.add("drawing");  /* clicks pass through the areas to the map */
      buttons.status.textContent = gettext("在地图上依次点击多边形的各个顶点，然后点“完成绘制”。");
    });
    buttons.undo.addEventListener("click", function () { points.pop(); redraw(); });
    buttons.finish.addEventListener("click", function () {
      if (points.length < 3) { buttons.status.textContent = gettext("至少需要 3 个顶点。"); return; }
      var ring = points.map(function (p) { return [round(p.lng), round(p.lat)]; });
      ring.push(ring[0].slice());
      textarea.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      active = false;
      map.getContainer().classList.remove("drawing");
      preview.clearLayers();
      L.polygon(points, { color: "#111", weight: 2, fillOpacity: 0.1 }).addTo(preview);
      buttons.status.textContent = gettext("已填入边界 GeoJSON，保存后生效。");
    });
  }

  function json(id) { return JSON.parse(document.getElementById(id).textContent); }

  /* Maps start from data attributes (no inline script, ADR 0025): data-map="zone|draw|province". */
  function init(root) {
    (root || document).querySelectorAll("[data-map]").forEach(function (el) {
      if (el.hasAttribute("data-map-ready")) return;
      el.setAttribute("data-map-ready", "1");
      var kind = el.getAttribute("data-map");
      if (kind === "zone") {
        zoneMap(el, json(el.getAttribute("data-features")),
          { kinds: el.hasAttribute("data-kinds") ? json(el.getAttribute("data-kinds")) : {} });
      } else if (kind === "draw") {
        var shown = zoneMap(el, json(el.getAttribute("data-features")), {});
        draw(shown.map, document.getElementById(el.getAttribute("data-target")), {
          start: document.getElementById("draw-start"), undo: document.getElementById("draw-undo"),
          finish: document.getElementById("draw-finish"), status: document.getElementById("draw-status")
        });
      } else if (kind === "province") {
        provinceMap(el, el.getAttribute("data-url"), document.getElementById(el.getAttribute("data-colour-toggle")),
          el.getAttribute("data-base-url"), document.getElementById(el.getAttribute("data-list")));
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  document.addEventListener("htmx:load", function (e) { init(e.target); });

  window.DevzoneMap = { zone: zoneMap, province: provinceMap, draw: draw, init: init };
})();
