// Passkeys (issue 10): registration on the account page, login (with autofill where the browser
// offers conditional mediation) on the login page. Talks to Spring Security's WebAuthn endpoints.
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : null;
  }

  function headers() {
    var h = { "Content-Type": "application/json" };
    var header = meta("_csrf_header");
    var token = meta("_csrf");
    if (header && token) {
      h[header] = token;
    }
    return h;
  }

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decode(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) {
      base64 += "=";
    }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: headers(),
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          var error = new Error(json.error || "http_" + response.status);
          error.code = json.error;
          throw error;
        }
        return json;
      });
    });
  }

  function supported() {
    return window.PublicKeyCredential && navigator.credentials;
  }

  // ---- account page: register ----
  var registerButton = document.getElementById("passkey-register");
  if (registerButton) {
    var status = document.getElementById("passkey-status");
    if (!supported()) {
      status.textContent = status.getAttribute("data-unsupported");
      registerButton.disabled = true;
    }
    registerButton.addEventListener("click", function () {
      var label = document.getElementById("passkey-name").value.trim();
      if (!label) {
        status.textContent = status.getAttribute("data-bad-name");
        return;
      }
      registerButton.disabled = true;
      post("/webauthn/register/options")
        .then(function (options) {
          options.challenge = decode(options.challenge);
          options.user.id = decode(options.user.id);
          (options.excludeCredentials || []).forEach(function (c) { c.id = decode(c.id); });
          return navigator.credentials.create({ publicKey: options });
        })
        .then(function (credential) {
          return post("/webauthn/register", {
            publicKey: {
              credential: {
                id: credential.id,
                rawId: encode(credential.rawId),
                response: {
                  attestationObject: encode(credential.response.attestationObject),
                  clientDataJSON: encode(credential.response.clientDataJSON),
                  transports: credential.response.getTransports ? credential.response.getTransports() : []
                },
                type: credential.type,
                clientExtensionResults: credential.getClientExtensionResults(),
                authenticatorAttachment: credential.authenticatorAttachment
              },
              label: label
            }
          });
        })
        .then(function () {
          status.textContent = status.getAttribute("data-added");
          window.location.assign("/account?passkey-added");
        })
        .catch(function () {
          status.textContent = status.getAttribute("data-failed");
          status.setAttribute("data-outcome", "failed");
          registerButton.disabled = false;
        });
    });
  }

  // ---- login page: log in ----
  var loginSection = document.getElementById("passkey-login");
  if (loginSection) {
    var loginButton = document.getElementById("passkey-login-button");
    var loginError = document.getElementById("passkey-login-error");
    if (!supported()) {
      loginSection.hidden = true;
      return;
    }
    // Only the newest attempt may finish: the button aborts a waiting autofill request, and an
    // older attempt that resolves anyway is dropped (its challenge was replaced).
    var pending = null;

    var login = function (mediation) {
      if (pending) {
        pending.abort();
      }
      var abort = new AbortController();
      pending = abort;
      return post("/webauthn/authenticate/options")
        .then(function (options) {
          if (pending !== abort) {
            return null;
          }
          options.challenge = decode(options.challenge);
          (options.allowCredentials || []).forEach(function (c) { c.id = decode(c.id); });
          var request = { publicKey: options, signal: abort.signal };
          if (mediation) {
            request.mediation = mediation;
          }
          return navigator.credentials.get(request);
        })
        .then(function (credential) {
          if (!credential || pending !== abort) {
            return null;
          }
          loginButton.disabled = true;
          return post("/login/webauthn", {
            id: credential.id,
            rawId: encode(credential.rawId),
            response: {
              authenticatorData: encode(credential.response.authenticatorData),
              clientDataJSON: encode(credential.response.clientDataJSON),
              signature: encode(credential.response.signature),
              userHandle: credential.response.userHandle ? encode(credential.response.userHandle) : null
            },
            type: credential.type,
            clientExtensionResults: credential.getClientExtensionResults(),
            authenticatorAttachment: credential.authenticatorAttachment
          });
        })
        .then(function (result) {
          if (result) {
            window.location.assign(result.redirectUrl || "/account");
          }
        })
        .catch(function (error) {
          if (abort.signal.aborted || pending !== abort) {
            return;
          }
          loginButton.disabled = false;
          loginError.textContent = loginSection.getAttribute("data-failed");
          loginError.setAttribute("data-code", error.code || "");
          loginError.hidden = false;
        });
    };

    loginButton.addEventListener("click", function () {
      login(null);
    });
    if (PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
        if (available) {
          login("conditional");
        }
      });
    }
  }
})();
