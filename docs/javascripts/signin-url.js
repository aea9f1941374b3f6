/*
 * Sign-in URL builder for IAM users: account ID or alias in, account sign-in URL out.
 * Rules: aws-signin-facts.md §4 (IAM User Guide: account alias, IAM quotas). Runs in the page
 * only; what is typed is never sent or stored.
 */
(function () {
  "use strict";

  function check(input) {
    var text = String(input || "").normalize("NFKC").trim();
    if (!text) return { ok: false, reason: "アカウント ID（12 桁の数字）かアカウントエイリアスを入力してください。" };
    var digits = text.replace(/[\s-]/g, "");
    if (/^\d+$/.test(digits)) {
      if (digits.length !== 12) {
        return { ok: false, reason: "アカウント ID は 12 桁の数字です（入力は " + digits.length + " 桁）。" };
      }
      return done("id", digits);
    }
    if (/\s/.test(text)) return { ok: false, reason: "エイリアスに空白は使えません。" };
    if (/[A-Z]/.test(text)) {
      return { ok: false, reason: "エイリアスに大文字は使えません。小文字で入力してください（" + text.toLowerCase() + "）。" };
    }
    var bad = text.match(/[^a-z0-9-]/);
    if (bad) {
      return { ok: false, reason: "エイリアスに使えるのは英小文字 a-z、数字 0-9、ハイフン - だけです（「" + bad[0] + "」は使えません）。" };
    }
    if (text.length < 3) return { ok: false, reason: "エイリアスは 3 文字以上です（入力は " + text.length + " 文字）。" };
    if (text.length > 63) return { ok: false, reason: "エイリアスは 63 文字以内です（入力は " + text.length + " 文字）。" };
    if (/^-|-$/.test(text)) return { ok: false, reason: "エイリアスの先頭と末尾にハイフンは使えません。" };
    if (text.indexOf("--") >= 0) return { ok: false, reason: "エイリアスにハイフンを 2 つ続けることはできません。" };
    return done("alias", text);
  }

  function done(kind, value) {
    return { ok: true, kind: kind, value: value, url: "https://" + value + ".signin.aws.amazon.com/console/" };
  }

  function mount(root) {
    var input = root.querySelector("input");
    var output = root.querySelector("output");
    root.hidden = false;
    input.addEventListener("input", function () {
      output.textContent = "";
      if (!input.value.trim()) return;
      var result = check(input.value);
      input.setAttribute("aria-invalid", String(!result.ok));
      if (!result.ok) {
        output.appendChild(document.createElement("span")).textContent = result.reason;
        return;
      }
      var lead = result.kind === "id" ? "アカウント ID " : "エイリアス ";
      output.appendChild(document.createTextNode(lead + result.value + " のサインイン URL: "));
      var link = output.appendChild(document.createElement("a"));
      link.href = result.url;
      link.textContent = result.url;
      var copy = output.appendChild(document.createElement("button"));
      copy.type = "button";
      copy.className = "md-button signin-url-builder__copy";
      copy.textContent = "コピー";
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(result.url).then(function () { copy.textContent = "コピーしました"; },
                                                       function () { copy.textContent = "コピーできませんでした"; });
      });
    });
  }

  window.signinUrl = { check: check };
  function start() { [].forEach.call(document.querySelectorAll("[data-signin-url-builder]"), mount); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
