// The card login widget: creates a card transaction, shows its QR code, link and confirmation
// code, follows its status (server-sent events, or polling where those are unavailable), and moves
// on by itself when the card has answered. On an error or expiry the dead code, QR code and link are
// hidden, and the message, its reference code and "start again" are shown at the top. In demo mode a
// button taps a demo card here (the server answers through the real card protocol). No inline
// script: the page's CSP forbids it.
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
  var live = byId("jpki-live");
  var countdownBox = byId("jpki-countdown");
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

  // What the resident reads out to the help desk: the kind of failure and the time it happened,
  // which together find the audit record.
  function reference(code) {
    var now = new Date();
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return code.toUpperCase().replace(/_/g, "-") + "-" + two(now.getHours()) + two(now.getMinutes());
  }

  function showError(code) {
    finished = true;
    stopFollowing();
    byId("jpki-error-text").textContent = message(code);
    byId("jpki-error-reference").textContent = reference(code);
    errorBox.setAttribute("data-code", code);
    live.hidden = true;
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

  // Minutes and seconds left, as a clock shows them: no words to put in the plural.
  function countdown(expiresAt) {
    var end = Date.parse(expiresAt);
    function tick() {
      var seconds = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      var rest = seconds % 60;
      countdownBox.textContent = Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
      if (seconds === 0 && !finished) {
        showError("expired");
      }
    }
    tick();
    countdownTimer = setInterval(tick, 1000);
  }

  // Demo mode only: the server taps its demo card for the transaction shown, through the real
  // card protocol; the page then moves on as if a phone had answered.
  // The demo buttons answer the current transaction: they stay disabled until it exists, so a
  // press is never silently lost while the page is still asking for one.
  function demoButtons(enabled) {
    Array.prototype.forEach.call(document.querySelectorAll(".demo-card-tap"), function (button) {
      button.disabled = !enabled;
    });
  }

  function tapDemoCard(card) {
    if (!current || finished) {
      return;
    }
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (csrfHeader && csrfToken) {
      headers[csrfHeader] = csrfToken;
    }
    statusBox.textContent = message("demo_tapping");
    fetch("/login/demo-card/tap", {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: JSON.stringify({ card: card, purpose: purpose, transaction_url: current.qr_url,
        confirmation_code: current.confirmation_code })
    }).catch(function () {
      showError("server_error");
    });
  }

  function start() {
    finished = false;
    demoButtons(false);
    errorBox.hidden = true;
    live.hidden = false;
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
        demoButtons(true);
        countdown(current.expires_at);
        follow();
      })
      .catch(function () {
        showError("server_error");
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".demo-card-tap"), function (button) {
    button.addEventListener("click", function () {
      tapDemoCard(button.getAttribute("data-card"));
    });
  });
  byId("jpki-retry").addEventListener("click", function () {
    stopFollowing();
    start();
  });
  start();
})();
