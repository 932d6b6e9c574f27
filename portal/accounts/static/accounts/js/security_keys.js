// Security keys and passkeys on the portal's pages, under a policy that runs no inline script.
//
// allauth's webauthn.js does the WebAuthn ceremony. Instead of its inline JSON start-up blocks,
// each button names what it does and where its data is, in data attributes:
//   <button data-webauthn="add|authenticate|login" data-webauthn-credential="id_credential"
//           data-webauthn-options="js_data" data-webauthn-passwordless="id_passwordless">
// The options come from Django's json_script, a data block that never runs. When the browser
// refuses or fails, the page says why (#webauthn-problem) instead of failing silently.
(function () {
  function idsFor(button) {
    var kind = button.getAttribute("data-webauthn");
    var ids = { credential: button.getAttribute("data-webauthn-credential") };
    ids[kind] = button.id;
    if (button.hasAttribute("data-webauthn-options")) {
      ids.data = button.getAttribute("data-webauthn-options");
    }
    if (button.hasAttribute("data-webauthn-passwordless")) {
      ids.passwordless = button.getAttribute("data-webauthn-passwordless");
    }
    return ids;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = window.allauth && window.allauth.webauthn && window.allauth.webauthn.forms;
    var note = document.getElementById("webauthn-unsupported");
    if (note && !window.PublicKeyCredential) {
      note.hidden = false;
    }
    if (!forms) {
      return;
    }
    document.querySelectorAll("button[data-webauthn]").forEach(function (button) {
      var start = forms[button.getAttribute("data-webauthn") + "Form"];
      if (start) {
        start({ ids: idsFor(button) });
      }
    });
  });

  document.addEventListener("allauth.error", function (event) {
    var box = document.getElementById("webauthn-problem");
    if (!box) {
      return;
    }
    event.preventDefault();
    var error = event.detail && event.detail.exception;
    var cancelled = error && (error.name === "NotAllowedError" || error.name === "AbortError");
    box.textContent = box.getAttribute(cancelled ? "data-not-allowed" : "data-failed");
    box.hidden = false;
  });
})();
