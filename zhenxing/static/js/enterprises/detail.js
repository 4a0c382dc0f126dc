/* An enterprise's last 12 months (万元): bars for output value and revenue, a line for the
   output value's year-on-year growth (%). Labels come translated from the page (data-* on
   #figures-chart). */
(function () {
  "use strict";
  var series = JSON.parse(document.getElementById("figures-data").textContent);
  var element = document.getElementById("figures-chart");
  var label = element.dataset;
  var font = getComputedStyle(document.body).fontFamily;
  var chart = echarts.init(element);
  chart.setOption({
    animation: false, textStyle: { fontFamily: font }, color: ["#1456b8", "#8d96a0", "#b3261e"],
    tooltip: { trigger: "axis" }, legend: { top: 0, textStyle: { fontFamily: font } },
    grid: { left: 64, right: 56, top: 36, bottom: 28 },
    xAxis: { type: "category", data: series.map(function (row) { return row.month; }) },
    yAxis: [{ type: "value", name: label.unit }, { type: "value", name: "%", splitLine: { show: false } }],
    series: [
      { name: label.output, type: "bar", data: series.map(function (row) { return row.output_value; }) },
      { name: label.revenue, type: "bar", data: series.map(function (row) { return row.revenue; }) },
      { name: label.growth, type: "line", yAxisIndex: 1, data: series.map(function (row) { return row.growth; }) }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
  element.setAttribute("data-rendered", "true");
})();
