// Keeps a dashboard page live without a framework: every 10 s it asks the pulse endpoint whether anything changed (a run,
// an incident, an approval) and reloads the page when it did, unless the person is typing in a form.
(function () {
  var pulse = document.body.getAttribute('data-pulse');
  if (!pulse) { return; }
  var last = null;
  var live = document.getElementById('live');
  function busy() {
    var a = document.activeElement;
    return a && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA') && a.value !== '';
  }
  function tick() {
    fetch(pulse, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { if (live) { live.textContent = 'offline'; } return; }
        if (live) { live.textContent = 'live'; }
        if (last !== null && p.version !== last && !busy()) { window.location.reload(); }
        last = p.version;
      })
      .catch(function () { if (live) { live.textContent = 'offline'; } });
  }
  tick();
  setInterval(tick, 10000);
})();
