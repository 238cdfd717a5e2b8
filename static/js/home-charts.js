/* The role homes' charts: each `.home-chart[data-chart]` holds its figures as JSON (type, title,
   items with name, value and the url of the filtered list); a click on a slice or bar opens that
   list. The same figures are links in the number cards above, for keyboard and screen readers. */
(function () {
  "use strict";

  function option(data) {
    var names = data.items.map(function (i) { return i.name; });
    var common = { animation: false, tooltip: { trigger: "item" } };
    if (data.type === "pie") {
      common.legend = { type: "scroll", bottom: 0 };
      common.series = [{
        type: "pie",
        radius: ["30%", "58%"],
        center: ["50%", "42%"],
        label: { formatter: "{c}" },
        data: data.items.map(function (i) { return { name: i.name, value: i.value }; })
      }];
      return common;
    }
    common.grid = { left: 40, right: 16, top: 16, bottom: 48 };
    common.xAxis = { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 20 : 0 } };
    common.yAxis = { type: "value", minInterval: 1 };
    common.series = [{ type: "bar", data: data.items.map(function (i) { return i.value; }), label: { show: true, position: "top" } }];
    return common;
  }

  function draw(el) {
    var data;
    try {
      data = JSON.parse(el.getAttribute("data-chart"));
    } catch (e) {
      return;
    }
    if (!data || !data.items || !data.items.length || typeof window.echarts === "undefined") {
      return;
    }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option(data));
    chart.on("click", function (params) {
      var item = data.items[params.dataIndex];
      if (item && item.url) {
        window.location.assign(item.url);
      }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.setAttribute("data-drawn", "true");
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".home-chart[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
