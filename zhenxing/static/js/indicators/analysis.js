/* Operation analysis: this year's values against last year's, the national figure and the
   target trajectory. Data from the page (#analysis-data); labels from #analysis-chart's data-*. */
(function () {
  "use strict";
  var element = document.getElementById("analysis-chart");
  if (!element) return;
  var data = JSON.parse(document.getElementById("analysis-data").textContent);
  var label = element.dataset;
  var font = getComputedStyle(document.body).fontFamily;
  var chart = echarts.init(element);
  var series = [
    { name: label.current, type: "line", data: data.values, symbolSize: 7, lineStyle: { width: 3 } },
    { name: label.lastYear, type: "line", data: data.last_year, lineStyle: { type: "dotted" } }
  ];
  if (data.national.some(function (value) { return value !== null; })) {
    series.push({ name: label.national, type: "line", data: data.national });
  }
  if (data.trajectory.some(function (value) { return value !== null; })) {
    series.push({ name: label.target, type: "line", data: data.trajectory, lineStyle: { type: "dashed" }, symbol: "none" });
  }
  chart.setOption({
    animation: false, textStyle: { fontFamily: font },
    color: ["#b3261e", "#8d96a0", "#1456b8", "#2e7d32"],
    tooltip: { trigger: "axis" }, legend: { top: 0, textStyle: { fontFamily: font } },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.periods },
    yAxis: { type: "value", name: data.unit, scale: true },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
  element.setAttribute("data-rendered", "true");
})();
