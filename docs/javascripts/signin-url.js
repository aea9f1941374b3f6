/*
 * Sign-in URL builder for IAM users (iam-sign-in.md#url-builder): an account ID, an alias or a pasted
 * sign-in URL in, the account's sign-in URL out. An email address is answered with the root user's page,
 * an IAM Identity Center ID or portal URL with the access portal's page.
 *
 * Only a 12-digit number is an account ID. Alias rules (IAM User Guide, console-account-alias and
 * reference_iam-quotas; API CreateAccountAlias): 3-63 characters, a-z 0-9 and "-", no hyphen at either
 * end, no "--", not a 12-digit number. Runs in the page only: nothing typed is sent or stored.
 */
(function () {
  "use strict";

  var SIGNIN_HOST = /^([^.]+)\.signin\.aws\.amazon\.com$/i;
  var PORTAL_HOST = new RegExp("^(?:[a-z0-9-]+\\.awsapps\\.com|[a-z0-9-]+\\.portal\\.[a-z0-9-]+\\.app\\.aws" +
                               "|ssoins-[a-z0-9]+\\.(?:[a-z0-9-]+\\.)?portal\\.amazonaws\\.com)$");
  var AWS_HOST = /(?:^|\.)(?:amazon\.com|amazonaws\.com|aws|awsapps\.com)$/;
  var REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;     // us-east-1.signin.aws.amazon.com holds no account
  var SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30fc]/g;  // 1234-5678-9012, 1234 5678 9012, 1234ー5678ー9012
  var ANNOUNCE_AGAIN_MS = 100;
  var EMPTY = "アカウント ID（12 桁の数字）かアカウントエイリアスを入力してください。" +
              "サインイン URL（https://….signin.aws.amazon.com/console）を貼り付けても作れます。";

  /* What the text is: {kind: "id" | "alias", value, url, notes} | {kind: "root"}
     | {kind: "portal", url, id (when an ID was typed)} | {kind: "error", reason}. */
  function check(input) {
    var text = String(input || "").normalize("NFKC").trim();
    if (!text) return error(EMPTY);
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return { kind: "root" };
    if (/^d-[0-9a-f]{10}$/i.test(text)) {
      var id = text.toLowerCase();
      return { kind: "portal", id: id, url: "https://" + id + ".awsapps.com/start" };
    }
    var scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
    var typedHost = text.slice(scheme ? scheme[0].length : 0).split(/[/?#]/)[0];
    var host = typedHost.toLowerCase();
    if (PORTAL_HOST.test(host)) {
      return { kind: "portal", url: "https://" + host + (/\.awsapps\.com$/.test(host) ? "/start" : "/") };
    }
    var signin = SIGNIN_HOST.exec(typedHost);  // as typed, so that an upper-case alias is pointed out
    if (signin && !REGION.test(signin[1].toLowerCase())) return account(signin[1], ["貼り付けた URL から取り出しました。"]);
    if (scheme || AWS_HOST.test(host)) {
      return error("この URL にはアカウント ID もエイリアスも入っていません。" +
                   "https://（アカウント ID かエイリアス）.signin.aws.amazon.com/console の形の URL か、" +
                   "アカウント ID かエイリアスだけを入力してください。");
    }
    return account(text, []);
  }

  function account(text, notes) {
    var digits = text.replace(SEPARATORS, "");
    if (/^\d{12}$/.test(digits)) return found("id", digits, notes);
    var numeric = /^\d+$/.test(digits);
    var alias = text.toLowerCase();
    var problem = aliasProblem(alias);
    if (problem) return error(numeric ? "アカウント ID は 12 桁の数字です（入力は " + digits.length + " 桁）。" : problem);
    if (numeric) {
      notes.push("12 桁の数字ではないので、エイリアスとして扱いました（アカウント ID なら 12 桁です。入力は " +
                 digits.length + " 桁）。");
    } else if (alias !== text) {
      notes.push("エイリアスは小文字だけなので、" + text + " を小文字にしました。");
    }
    return found("alias", alias, notes);
  }

  function aliasProblem(alias) {
    if (/\s/.test(alias)) return "エイリアスに空白は使えません。";
    var bad = alias.match(/[^a-z0-9-]/);
    if (bad) return "エイリアスに使えるのは英字 a-z、数字 0-9、ハイフン - だけです（「" + bad[0] + "」は使えません）。";
    if (alias.length < 3) return "エイリアスは 3 文字以上です（入力は " + alias.length + " 文字）。";
    if (alias.length > 63) return "エイリアスは 63 文字以内です（入力は " + alias.length + " 文字）。";
    if (/^-|-$/.test(alias)) return "エイリアスの先頭と末尾にハイフンは使えません。";
    if (alias.indexOf("--") >= 0) return "エイリアスにハイフンを 2 つ続けることはできません。";
    return "";
  }

  function found(kind, value, notes) {
    return { kind: kind, value: value, url: "https://" + value + ".signin.aws.amazon.com/console/", notes: notes };
  }

  function error(reason) { return { kind: "error", reason: reason }; }

  /* The message for a result: strings and links ({href, text}). Our own pages' hrefs come from the
     links the page carries (a[data-signin-link]), so they follow the site's URL style and sub-path. */
  function message(result, pages) {
    var link = function (href, text) { return { href: href, text: text || href }; };
    var steps = "アクセスポータルでサインインする";
    if (result.kind === "id" || result.kind === "alias") {
      return [(result.kind === "id" ? "アカウント ID " : "エイリアス ") + result.value + " のサインイン URL: ", link(result.url)];
    }
    if (result.kind === "root") {
      return ["メールアドレスでサインインするのはルートユーザーです。ルートユーザーの手順でサインインしてください: ",
              link(pages.root, "ルートユーザーでサインインする"),
              "。IAM ユーザーなら、ここにはメールアドレスではなくアカウント ID かエイリアスを入力します。"];
    }
    if (result.kind === "portal" && result.id) {
      return [result.id + " はアクセスポータル（IAM Identity Center）の ID です。IAM ユーザーのアカウント ID や" +
              "エイリアスではありません。ポータルは初期設定ではこの URL で開きます: ", link(result.url),
              "（管理者が URL を変えている場合は、届いた URL を使います）。手順: ", link(pages.portal, steps)];
    }
    if (result.kind === "portal") {
      return ["これはアクセスポータル（IAM Identity Center）の URL です。IAM ユーザーのサインイン URL ではありません。" +
              "ポータルはこの URL で開きます: ", link(result.url), "。手順: ", link(pages.portal, steps)];
    }
    return [result.reason];
  }

  function span(parent, className, parts) {
    var node = parent.appendChild(document.createElement("span"));
    node.className = className;
    parts.forEach(function (part) {
      if (typeof part === "string" || !part.href) return node.append(typeof part === "string" ? part : part.text);
      var link = node.appendChild(document.createElement("a"));
      link.href = part.href;
      link.textContent = part.text;
    });
  }

  function copyButton(output, url) {
    var copy = output.appendChild(document.createElement("button"));
    copy.type = "button";
    copy.className = "md-button signin-url-builder__copy";
    copy.textContent = "コピー";
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () { copy.textContent = "コピーしました"; },
                                              function () { copy.textContent = "コピーできませんでした"; });
    });
  }

  function mount(root) {
    if (root.dataset.mounted) return;
    root.dataset.mounted = "true";
    var input = root.querySelector("input");
    var output = root.querySelector("output");
    var pages = {};
    [].forEach.call(document.querySelectorAll("a[data-signin-link]"), function (link) {
      pages[link.getAttribute("data-signin-link")] = link.href;
    });
    root.hidden = false;

    function show(text) {
      output.textContent = "";
      output.removeAttribute("data-state");
      input.removeAttribute("aria-invalid");
      if (text === null) return;
      var result = check(text);
      var state = result.kind === "error" ? "error" : result.kind === "root" || result.kind === "portal" ? "notice" : "ok";
      output.setAttribute("data-state", state);
      input.setAttribute("aria-invalid", String(state === "error"));
      if (result.notes && result.notes.length) span(output, "signin-url-builder__note", [result.notes.join("")]);
      span(output, "signin-url-builder__message", message(result, pages));
      if (state === "ok") copyButton(output, result.url);
    }

    // While typing, an empty field shows nothing; the answer follows every keystroke.
    input.addEventListener("input", function () { show(input.value.trim() ? input.value : null); });
    // Enter asks for the answer: on an empty field it says what to type. The live region is
    // emptied first and filled a moment later, so that the same words are read out again.
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      show(null);
      setTimeout(function () { show(input.value); }, ANNOUNCE_AGAIN_MS);
    });
  }

  window.signinUrl = { check: check };
  // Material's document$ emits each page, the first and every one opened by instant navigation.
  window.document$.subscribe(function () {
    [].forEach.call(document.querySelectorAll("[data-signin-url-builder]"), mount);
  });
})();
