// The card login widget: creates a card transaction, shows its QR code, link and confirmation
// code, follows its status (server-sent events, or polling where those are unavailable), and moves
// on by itself when the card has answered. No inline script: the page's CSP forbids it.
(function () {
  "use strict";
  var widget = document.getElementById("jpki-widget");
  if (!widget) {
    return;
  }
  var purpose = widget.getAttribute("data-purpose") || "login";
  var csrfToken = meta("_csrf");
  var csrfHeader = meta("_csrf_header");
  var statusBox = byId("jpki-status");
  var errorBox = byId("jpki-error");
  var expiry = byId("jpki-expiry");
  var current = null;
  var source = null;
  var pollTimer = null;
  var countdownTimer = null;
  var finished = false;

  function byId(id) {
    return document.getElementById(id);
  }

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : null;
  }

  function message(key) {
    var item = document.querySelector('#jpki-messages li[data-key="' + key + '"]');
    if (item) {
      return item.textContent;
    }
    item = document.querySelector('#jpki-messages li[data-key="server_error"]');
    return item ? item.textContent : key;
  }

  function showError(code) {
    finished = true;
    stopFollowing();
    byId("jpki-error-text").textContent = message(code);
    errorBox.setAttribute("data-code", code);
    errorBox.hidden = false;
    statusBox.textContent = "";
    byId("jpki-retry").focus();
  }

  function stopFollowing() {
    if (source) {
      source.close();
      source = null;
    }
    if (pollTimer) {
      clearTimeout(pollTimer);
      pollTimer = null;
    }
    if (countdownTimer) {
      clearInterval(countdownTimer);
      countdownTimer = null;
    }
  }

  function handle(status) {
    if (finished || !status) {
      return;
    }
    if (status.status === "completed") {
      finished = true;
      stopFollowing();
      statusBox.textContent = message("done");
      var form = byId("jpki-complete");
      form.querySelector('input[name="txn"]').value = current.txn;
      form.submit();
    } else if (status.status === "failed") {
      showError(status.reason || "server_error");
    } else {
      statusBox.textContent = message("waiting");
    }
  }

  function poll() {
    fetch("/jpki/transactions/" + encodeURIComponent(current.txn) + "/events", {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (status) {
        if (status.error) {
          showError(status.error);
          return;
        }
        handle(status);
        if (!finished) {
          pollTimer = setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        if (!finished) {
          pollTimer = setTimeout(poll, 4000);
        }
      });
  }

  function follow() {
    if (!window.EventSource) {
      poll();
      return;
    }
    source = new EventSource("/jpki/transactions/" + encodeURIComponent(current.txn) + "/events");
    ["pending", "completed", "failed"].forEach(function (name) {
      source.addEventListener(name, function (event) {
        handle(JSON.parse(event.data));
      });
    });
    source.onerror = function () {
      // The stream ended or is unavailable (a proxy that buffers, a restart): fall back to polling.
      if (source) {
        source.close();
        source = null;
      }
      if (!finished) {
        poll();
      }
    };
  }

  function countdown(expiresAt) {
    var template = message("expires");
    function tick() {
      var minutes = Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 60000));
      expiry.textContent = template.replace("{0}", String(minutes));
      if (minutes === 0 && !finished) {
        showError("expired");
      }
    }
    tick();
    countdownTimer = setInterval(tick, 15000);
  }

  function start() {
    finished = false;
    errorBox.hidden = true;
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (csrfHeader && csrfToken) {
      headers[csrfHeader] = csrfToken;
    }
    fetch("/jpki/transactions", {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: JSON.stringify({ purpose: purpose })
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (!result.ok) {
          showError(result.body.error || "server_error");
          return;
        }
        current = result.body;
        byId("jpki-confirmation-code").textContent = current.confirmation_code;
        var link = byId("jpki-transaction-url");
        link.href = current.qr_url;
        link.textContent = current.qr_url;
        var app = byId("jpki-app-link");
        app.href = current.app_link;
        app.hidden = false;
        var qr = byId("jpki-qr");
        qr.alt = qr.getAttribute("data-alt");
        qr.src = "/jpki/transactions/" + encodeURIComponent(current.txn) + "/qr.svg";
        qr.hidden = false;
        statusBox.textContent = message("waiting");
        countdown(current.expires_at);
        follow();
      })
      .catch(function () {
        showError("server_error");
      });
  }

  byId("jpki-retry").addEventListener("click", function () {
    stopFollowing();
    start();
  });
  start();
})();
