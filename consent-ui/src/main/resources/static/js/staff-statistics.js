// The staff console's consent statistics chart: Apache ECharts (served from /webjars/echarts/),
// drawn from the JSON the page carries in #consent-chart-data. aria is on, so ECharts writes a
// description of the chart into the container's aria-label; decal patterns tell the series apart
// without colour. The table beside the chart holds the same figures as text.
(function () {
  'use strict';
  var container = document.getElementById('consent-chart');
  var source = document.getElementById('consent-chart-data');
  if (!container || !source || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(source.textContent);
  var japanese = (document.documentElement.lang || 'ja').indexOf('ja') === 0;
  var series = [];
  data.services.forEach(function (service) {
    series.push({
      name: service.clientId + ' — ' + data.given,
      type: 'bar',
      stack: 'given',
      data: service.given
    });
    series.push({
      name: service.clientId + ' — ' + data.withdrawn,
      type: 'bar',
      stack: 'withdrawn',
      data: service.withdrawn
    });
  });
  var chart = echarts.init(container, null, {renderer: 'canvas', locale: japanese ? 'JA' : 'EN'});
  chart.setOption({
    aria: {enabled: true, decal: {show: true}},
    animation: false,
    title: {text: data.title, left: 'center', textStyle: {fontSize: 16}},
    tooltip: {trigger: 'axis'},
    legend: {type: 'scroll', bottom: 0},
    grid: {left: 48, right: 16, top: 48, bottom: 64, containLabel: true},
    xAxis: {type: 'category', data: data.days},
    yAxis: {type: 'value', minInterval: 1},
    series: series
  });
  window.addEventListener('resize', function () {
    chart.resize();
  });
  container.setAttribute('data-drawn', 'true');
})();
