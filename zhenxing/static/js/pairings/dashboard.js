/* The pairs dashboard: the partner's investment and the parks' investment per pair (万元).
   Labels come translated from the page (data-* on #pairing-chart). */
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("pairing-data").textContent);
  var element = document.getElementById("pairing-chart");
  var label = element.dataset;
  var font = getComputedStyle(document.body).fontFamily;
  var chart = echarts.init(element);
  chart.setOption({
    animation: false, textStyle: { fontFamily: font }, color: ["#1456b8", "#2e7d32"],
    tooltip: { trigger: "axis" }, legend: { top: 0, textStyle: { fontFamily: font } },
    grid: { left: 72, right: 16, top: 36, bottom: 56 },
    xAxis: { type: "category", axisLabel: { interval: 0, rotate: 20 }, data: rows.map(function (row) { return row.name; }) },
    yAxis: { type: "value" },
    series: [
      { name: label.partner, type: "bar", data: rows.map(function (row) { return row.partner_investment; }) },
      { name: label.park, type: "bar", data: rows.map(function (row) { return row.park_investment; }) }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
  element.setAttribute("data-rendered", "true");
})();
