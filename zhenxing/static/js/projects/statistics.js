/* Project statistics: the Northeast map shaded by investment (shipped GeoJSON, no network)
   and the stage, industry and funding charts. Data comes from the page (#chart-data). */
(function () {
  "use strict";
  var script = document.getElementById("statistics-script");
  var label = script.dataset;  // translated by the page
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var font = getComputedStyle(document.body).fontFamily;
  var base = { textStyle: { fontFamily: font }, animation: false };
  var palette = ["#b3261e", "#1456b8", "#2e7d32", "#b7791f", "#6a1b9a", "#00838f", "#5d4037", "#546e7a", "#ad1457"];

  function chart(id) {
    var element = document.getElementById(id);
    if (!element) return null;
    var instance = echarts.init(element, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { instance.resize(); });
    return instance;
  }

  function empty(instance, text) {
    instance.setOption(Object.assign({}, base, {
      title: { text: text, left: "center", top: "middle", textStyle: { color: "#646a73", fontSize: 14, fontFamily: font } }
    }));
  }

  // The map: prefecture cities shaded by total investment, province borders drawn over them.
  var map = chart("investment-map");
  Promise.all([
    fetch(script.dataset.cities).then(function (response) { return response.json(); }),
    fetch(script.dataset.provinces).then(function (response) { return response.json(); })
  ]).then(function (geo) {
    echarts.registerMap("northeast-cities", geo[0]);
    echarts.registerMap("northeast-provinces", geo[1]);
    var names = {};
    geo[0].features.forEach(function (feature) { names[feature.properties.code] = feature.properties.name; });
    var values = data.prefectures.map(function (row) { return { name: row.code, value: row.value, count: row.count }; });
    var maximum = Math.max.apply(null, [1].concat(values.map(function (row) { return row.value; })));
    // The same box and bounds for the provinces (geo) and the cities (series) keep them aligned.
    var layout = { boundingCoords: [[97.1, 53.6], [135.2, 37.3]], left: 8, right: 96, top: 8, bottom: 8, roam: false };
    map.setOption(Object.assign({}, base, {
      tooltip: {
        trigger: "item",
        formatter: function (item) {
          var name = names[item.name] || item.name;
          if (!item.data) return name + "<br>" + label.none;
          return name + "<br>" + label.total + " " + item.data.value.toLocaleString(document.documentElement.lang || undefined, { maximumFractionDigits: 2 }) + " " + label.yi + "<br>" + item.data.count + " " + label.projects;
        }
      },
      visualMap: {
        min: 0, max: maximum, right: 16, bottom: 16, calculable: true, text: [label.yi, ""], itemHeight: 160,
        inRange: { color: ["#fde9e7", "#f4a79d", "#d9534a", "#8e1c15"] }, textStyle: { fontFamily: font }
      },
      geo: [Object.assign({ map: "northeast-provinces", silent: true, z: 3, itemStyle: { areaColor: "transparent", borderColor: "#333", borderWidth: 1.6 } }, layout)],
      series: [Object.assign({
        type: "map", map: "northeast-cities", nameProperty: "code", z: 2,
        itemStyle: { areaColor: "#eef0f3", borderColor: "#ffffff", borderWidth: 0.6 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#ffd54f" } },
        select: { disabled: true },
        data: values
      }, layout)]
    }));
    map.getDom().setAttribute("data-rendered", "true");
  }).catch(function () { empty(map, label.mapFailed); });

  var stages = chart("stage-chart");
  if (data.stages.length) {
    stages.setOption(Object.assign({}, base, {
      color: palette, tooltip: { trigger: "axis" }, grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: "category", data: data.stages.map(function (row) { return row.name; }) },
      yAxis: { type: "value", name: label.countUnit },
      series: [{ type: "bar", data: data.stages.map(function (row) { return row.value; }), label: { show: true, position: "top" } }]
    }));
  } else { empty(stages, label.noData); }

  var industries = chart("industry-chart");
  if (data.industries.length) {
    var top = data.industries.slice(0, 10).reverse();
    industries.setOption(Object.assign({}, base, {
      color: ["#1456b8"], tooltip: { trigger: "axis" }, grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: "value", name: label.yi },
      yAxis: { type: "category", data: top.map(function (row) { return row.name; }), axisLabel: { width: 190, overflow: "truncate" } },
      series: [{ type: "bar", data: top.map(function (row) { return row.value; }) }]
    }));
  } else { empty(industries, label.noData); }

  var funding = chart("funding-chart");
  if (data.funding.length) {
    funding.setOption(Object.assign({}, base, {
      color: palette, tooltip: { trigger: "item", formatter: "{b}<br>{c} " + label.yi + "（{d}%）" },
      legend: { type: "scroll", bottom: 0, textStyle: { fontFamily: font } },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: data.funding, label: { formatter: "{b}" } }]
    }));
  } else { empty(funding, label.noData); }
})();
