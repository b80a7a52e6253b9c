/* Map of sites and structures. Data comes from the page's JSON block (#carte-donnees), never from
   inline script (CSP). Tiles are drawn only when a tile URL is configured; otherwise markers only. */
(function () {
  "use strict";
  var container = document.getElementById("carte");
  var source = document.getElementById("carte-donnees");
  if (!container || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var map = L.map(container, { attributionControl: false }).setView(data.centre, data.zoom);
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19 }).addTo(map);
    if (data.attribution) {
      // Plain text only: the attribution is set with textContent, never parsed as HTML.
      var credit = L.control({ position: "bottomright" });
      credit.onAdd = function () {
        var box = L.DomUtil.create("div", "leaflet-control-attribution leaflet-control");
        box.textContent = data.attribution;
        return box;
      };
      credit.addTo(map);
    }
  }

  function popup(lines, url, linkText) {
    var box = document.createElement("div");
    box.className = "relais-map-popup";
    lines.forEach(function (text, index) {
      var p = document.createElement("p");
      if (index === 0) {
        var strong = document.createElement("strong");
        strong.textContent = text;
        p.appendChild(strong);
      } else {
        p.textContent = text;
      }
      box.appendChild(p);
    });
    if (url) {
      var link = document.createElement("a");
      link.href = url;
      link.textContent = linkText;
      box.appendChild(link);
    }
    return box;
  }

  var bounds = [];
  data.structures.forEach(function (s) {
    var hasFree = s.free !== null && s.free > 0;
    var marker = L.circleMarker([s.lat, s.lon], {
      radius: 6,
      color: "#161616",
      weight: 1,
      fillColor: hasFree ? "#18753c" : "#fcc63a",
      fillOpacity: 0.9
    });
    var free = s.free === null ? "places libres non renseignées" : s.free + " place(s) libre(s) sur " + s.places_open;
    marker.bindPopup(popup([s.name, s.kind_label, free], s.url, "Voir la structure"));
    marker.bindTooltip(document.createTextNode(s.name)); // a text node: names are never parsed as HTML
    marker.addTo(map);
    bounds.push([s.lat, s.lon]);
  });

  data.sites.forEach(function (s) {
    var lines;
    var radius;
    if (s.type === "arrondissement") {
      radius = 10 + Math.min(s.sites, 10);
      lines = [s.name, s.sites + " site(s), dont " + s.active_sites + " occupé(s)"];
      if (s.headcount !== null) {
        lines.push("Environ " + s.headcount + " personne(s) selon les dernières estimations");
      }
    } else {
      radius = 11;
      lines = [s.name, s.status_label];
      if (s.headcount) {
        lines.push("Dernière estimation : " + s.headcount + " personne(s)");
      }
      if (s.approximate) {
        lines.push("Position approximative (centre de l'arrondissement)");
      }
      if (s.area) {
        L.geoJSON(s.area, { style: { color: s.active ? "#ce0500" : "#929292", weight: 1, fillOpacity: 0.15 } }).addTo(map);
      }
    }
    var marker = L.circleMarker([s.lat, s.lon], {
      radius: radius,
      color: "#161616",
      weight: 2,
      fillColor: s.active ? "#ce0500" : "#929292",
      fillOpacity: 0.75
    });
    marker.bindPopup(popup(lines, s.url, s.type === "arrondissement" ? "Voir les sites" : "Voir le site"));
    marker.bindTooltip(document.createTextNode(s.name)); // a text node: names are never parsed as HTML
    marker.addTo(map);
    bounds.push([s.lat, s.lon]);
  });

  if (bounds.length > 1) {
    // No animation: a click during the zoom animation would be dropped, and the page is ready only
    // once the markers sit where they will stay.
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15, animate: false });
  }
  container.setAttribute("data-ready", "true");
})();
