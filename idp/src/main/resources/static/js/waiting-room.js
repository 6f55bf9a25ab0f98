// The waiting room moves on by itself: it asks for the resident's place every few seconds,
// updates the polite live region (read out by screen readers without moving focus), and goes on
// to the login page when the resident's turn has come.
(function () {
  "use strict";
  var status = document.getElementById("waiting-status");
  if (!status) {
    return;
  }
  function fill(template, value) {
    return template.replace("{0}", String(value));
  }
  var done = false;
  function poll() {
    fetch("/waiting-room/status", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (!body) {
          return;
        }
        if (body.admitted) {
          done = true;
          document.getElementById("waiting-position").textContent = status.getAttribute("data-admitted");
          window.location.assign("/login");
          return;
        }
        document.getElementById("waiting-position").textContent =
          fill(status.getAttribute("data-position-template"), body.position);
        document.getElementById("waiting-wait").textContent =
          fill(status.getAttribute("data-wait-template"), body.estimated_wait_minutes);
        document.getElementById("waiting-serving").textContent =
          fill(status.getAttribute("data-serving-template"), body.now_serving);
      })
      .catch(function () {
        // A failed poll changes nothing: the next one tries again.
      })
      .finally(function () {
        if (!done) {
          window.setTimeout(poll, 3000);
        }
      });
  }
  window.setTimeout(poll, 3000);
})();
