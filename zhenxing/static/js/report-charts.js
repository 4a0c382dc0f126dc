// Draws the bar charts of a report page with the vendored ECharts; data comes from json_script.
(function () {
  var lights = { "绿灯": "#2e7d32", "黄灯": "#d4a017", "红灯": "#c62828", "已销号": "#607d8b" };
  document.querySelectorAll(".echart[data-source]").forEach(function (element) {
    var data = JSON.parse(document.getElementById(element.dataset.source).textContent);
    var chart = echarts.init(element, null, { renderer: "svg" });
    var names = Object.keys(data.series);
    chart.setOption({
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.categories },
      yAxis: { type: "value", name: data.unit, minInterval: 1 },
      series: names.map(function (name) {
        return {
          name: name, type: "bar", data: data.series[name], label: { show: true, position: "top" },
          itemStyle: names.length === 1 ? { color: function (p) { return lights[p.name] || "#1456b8"; } } : undefined
        };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
