/* A project's reported investment per period (万元): bars for this year, a line for the total.
   Labels come translated from the page (data-* on #series-chart). */
(function () {
  "use strict";
  var series = JSON.parse(document.getElementById("series-data").textContent);
  var element = document.getElementById("series-chart");
  var label = element.dataset;
  var font = getComputedStyle(document.body).fontFamily;
  var chart = echarts.init(element);
  chart.setOption({
    animation: false, textStyle: { fontFamily: font }, color: ["#1456b8", "#b3261e", "#8d96a0"],
    tooltip: { trigger: "axis" }, legend: { top: 0, textStyle: { fontFamily: font } },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: series.map(function (row) { return row.period; }) },
    yAxis: { type: "value", name: label.unit },
    series: [
      { name: label.thisYear, type: "bar", data: series.map(function (row) { return row.this_year; }) },
      { name: label.total, type: "line", data: series.map(function (row) { return row.total; }) },
      { name: label.annual, type: "line", lineStyle: { type: "dashed" }, data: series.map(function (row) { return row.annual; }) }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
  element.setAttribute("data-rendered", "true");
})();
