/* Home panel charts of assessment (ECharts from node_modules via staticfiles): the latest
   ranking's scores and the pay pools against their caps. Data comes from json_script tags. */
(function () {
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : [];
  }
  function draw() {
    if (typeof echarts === "undefined") return;
    var ranking = data("assessment-ranking-data");
    var labels = data("assessment-chart-labels") || {};
    var el = document.getElementById("assessment-ranking-chart");
    if (el && ranking.length) {
      echarts.init(el).setOption({
        tooltip: {},
        grid: { left: 160, right: 20, top: 10, bottom: 20 },
        xAxis: { type: "value" },
        yAxis: { type: "category", inverse: true, data: ranking.map(function (r) { return r.rank + ". " + r.zone; }) },
        series: [{ name: labels.score, type: "bar", data: ranking.map(function (r) { return r.score; }) }]
      });
    }
    var pools = data("assessment-pools-data");
    el = document.getElementById("assessment-pools-chart");
    if (el && pools.length) {
      echarts.init(el).setOption({
        tooltip: { trigger: "axis" },
        legend: {},
        grid: { left: 60, right: 20, top: 30, bottom: 80 },
        xAxis: { type: "category", data: pools.map(function (p) { return p.zone; }), axisLabel: { rotate: 40 } },
        yAxis: { type: "value" },
        series: [
          { name: labels.pool, type: "bar", data: pools.map(function (p) { return p.pool; }) },
          { name: labels.cap, type: "line", data: pools.map(function (p) { return p.cap; }) }
        ]
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
