// The review page's own style and script, sent inline with it: the page appears inside whatever
// theme the shop runs (through the app proxy), so it brings everything it needs, scoped under
// .rr, and depends on no theme class. The form works without the script; the script adds
// checks before sending (so chosen photos are not lost to a round trip), photo previews and the
// rating's word. Neither may contain "{{" or "{%": the page is Liquid.

export const REVIEW_PAGE_CSS = `
.rr{--rr-ink:#1a1a1a;--rr-muted:#5c5c5c;--rr-line:rgba(127,127,127,.35);--rr-star:#e8a317;--rr-star-off:#c4c4c4;--rr-error:#b42318;--rr-ok:#067647;
  box-sizing:border-box;max-width:760px;margin:0 auto;padding:24px 16px 56px;line-height:1.5;text-align:left}
.rr *,.rr *::before,.rr *::after{box-sizing:inherit}
.rr h1{font-size:1.75rem;line-height:1.2;margin:0 0 8px}
.rr h2{font-size:1.125rem;line-height:1.3;margin:0}
.rr :where(p){margin:0}
.rr-intro{margin:0 0 8px}
.rr-sub{font-size:.875rem;color:var(--rr-muted);margin:0 0 20px}
.rr-sub:empty{display:none}
.rr-card{border:1px solid var(--rr-line);border-radius:12px;padding:16px;margin:0 0 16px;min-width:0}
.rr-card-head{display:flex;gap:12px;align-items:center;margin:0 0 8px}
.rr-thumb{flex:none;width:64px;height:64px;border-radius:8px;object-fit:cover;background:rgba(127,127,127,.12)}
.rr-thumb-empty{display:block}
.rr-group{border:0;padding:0;margin:8px 0 12px;min-width:0}
.rr-label,.rr-group legend{display:block;font-weight:600;margin:0 0 6px;padding:0;font-size:1rem}
.rr-stars{display:flex;flex-wrap:wrap;align-items:center;gap:2px}
.rr-star{position:relative;display:inline-flex;cursor:pointer;color:var(--rr-star-off);border-radius:8px;padding:4px;line-height:0}
/* The radio covers its star, unseen: a click, a tap and the keyboard all reach the real control. */
.rr-star input{position:absolute;z-index:1;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.rr-star svg{width:36px;height:36px;fill:currentColor;transition:transform .1s}
.rr-star:has(input:checked),.rr-star:has(~ .rr-star input:checked){color:var(--rr-star)}
.rr-stars:hover .rr-star{color:var(--rr-star-off)}
.rr-stars .rr-star:hover,.rr-stars .rr-star:has(~ .rr-star:hover){color:var(--rr-star)}
.rr-star:hover svg{transform:scale(1.1)}
.rr-star:has(input:focus-visible){outline:3px solid var(--rr-ink);outline-offset:1px}
.rr-rating-word{margin-left:8px;font-weight:600;color:var(--rr-muted);line-height:1.2}
.rr-vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.rr-field{margin:0 0 14px}
.rr-input{display:block;width:100%;min-height:44px;padding:10px 12px;border:1px solid #8a8a8a;border-radius:8px;background:#fff;color:var(--rr-ink);font:inherit;font-size:16px;line-height:1.4}
textarea.rr-input{min-height:120px;resize:vertical}
.rr-input:focus-visible,.rr-file:focus-visible,.rr-submit:focus-visible,.rr-button:focus-visible{outline:3px solid var(--rr-ink);outline-offset:2px}
.rr-input[aria-invalid=true],.rr-file[aria-invalid=true]{border-color:var(--rr-error);box-shadow:0 0 0 1px var(--rr-error)}
.rr-hint{display:block;font-size:.875rem;color:var(--rr-muted);margin:4px 0 0}
.rr-error{display:block;color:var(--rr-error);font-size:.875rem;font-weight:600;margin:6px 0 0}
.rr-error[hidden],.rr-summary[hidden]{display:none}
.rr-file{display:block;width:100%;max-width:100%;font:inherit;font-size:.875rem;color:var(--rr-muted);border:1px dashed var(--rr-line);border-radius:8px;padding:10px}
.rr-file::file-selector-button{font:inherit;font-weight:600;margin-right:12px;padding:8px 14px;border:1px solid var(--rr-ink);border-radius:8px;background:#fff;color:var(--rr-ink);cursor:pointer}
.rr-previews{display:flex;flex-wrap:wrap;gap:8px;list-style:none;margin:8px 0 0;padding:0}
.rr-previews:empty{display:none}
.rr-previews img{display:block;width:64px;height:64px;object-fit:cover;border-radius:8px;border:1px solid var(--rr-line)}
.rr-summary{border:1px solid var(--rr-error);border-left-width:6px;border-radius:8px;padding:12px 16px;margin:0 0 20px;color:var(--rr-error);font-weight:600;background:rgba(180,35,24,.06)}
.rr-summary ul{margin:6px 0 0;padding-left:20px;font-weight:400}
.rr-summary a{color:inherit}
.rr-summary:focus{outline:none}
.rr-summary:focus-visible{outline:3px solid var(--rr-ink);outline-offset:2px}
.rr-notice{border:1px solid var(--rr-line);border-left:6px solid var(--rr-ok);border-radius:8px;padding:12px 16px;margin:0 0 16px}
.rr-done-note{font-size:.875rem;color:var(--rr-muted);margin:0 0 16px}
.rr-submit,.rr-button{display:inline-flex;align-items:center;justify-content:center;width:100%;min-height:48px;padding:12px 28px;border:0;border-radius:8px;background:var(--rr-ink);color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.rr-button-secondary{background:transparent;color:inherit;border:1px solid currentColor}
.rr-submit[disabled]{opacity:.6;cursor:progress}
.rr-actions{display:flex;flex-direction:column;gap:10px;margin:20px 0 0}
.rr-list{list-style:none;margin:16px 0 0;padding:0}
.rr-list li{display:flex;gap:12px;align-items:center;border:1px solid var(--rr-line);border-radius:12px;padding:12px;margin:0 0 10px}
.rr-list h2{margin:0 0 4px}
.rr-list-stars{color:var(--rr-star);letter-spacing:2px;font-size:1.125rem;line-height:1;margin:0 0 4px}
.rr-list-title{font-weight:600;margin:0 0 2px}
.rr-status{font-size:.875rem;color:var(--rr-muted)}
.rr-message{text-align:center;padding-top:40px}
.rr-message .rr-actions{align-items:center}
.rr-honeypot{display:none!important}
@media (min-width:640px){
  .rr{padding:40px 24px 72px}
  .rr h1{font-size:2.125rem}
  .rr-card{padding:24px}
  .rr-thumb{width:88px;height:88px}
  .rr-submit,.rr-button{width:auto}
  .rr-actions{flex-direction:row}
}
@media (prefers-reduced-motion:reduce){.rr-star svg{transition:none}.rr-star:hover svg{transform:none}}
`;

export const REVIEW_PAGE_SCRIPT = `
(function () {
  var form = document.querySelector("form[data-rr-form]");
  if (!form) return;
  var msg = JSON.parse(form.getAttribute("data-rr-messages"));
  var tried = false;
  form.noValidate = true;
  // Sent back by the server with problems: the summary (links to each field) is read first.
  var summary = document.getElementById("rr-form-error");
  if (summary && !summary.hidden) summary.focus();
  function setError(id, message) {
    var slot = document.getElementById(id + "-error");
    var field = document.getElementById(id);
    if (!slot) return;
    slot.textContent = message || "";
    slot.hidden = !message;
    if (!field) return;
    if (message) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }
  function photoProblem(files) {
    if (files.length > msg.photoCount) return msg.photoCountError;
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > msg.photoBytes) return msg.photoSize.replace("#", files[i].name);
      if (msg.photoTypes.indexOf(files[i].type) < 0) return msg.photoType.replace("#", files[i].name);
    }
    return "";
  }
  function check() {
    var first = null, count = 0, any = false;
    var note = function (element, problem) { if (problem) { count++; first = first || element; } };
    form.querySelectorAll("[data-rr-card]").forEach(function (card) {
      var base = card.getAttribute("data-rr-card");
      var rating = card.querySelector("input[type=radio]:checked");
      var body = card.querySelector("textarea");
      var title = card.querySelector("input[data-rr-title]");
      var photos = card.querySelector("input[type=file]");
      var text = body.value.trim();
      var started = rating || text || title.value.trim() || (photos && photos.files.length);
      if (started) any = true;
      var length = Array.from(text).length;
      var ratingProblem = started && !rating ? msg.rating : "";
      var bodyProblem = !started ? "" : length === 0 ? msg.bodyMissing : length < msg.bodyMin ? msg.bodyShort : "";
      setError(base + "rating", ratingProblem);
      setError(base + "body", bodyProblem);
      note(card.querySelector("input[type=radio]"), ratingProblem);
      note(body, bodyProblem);
    });
    var name = document.getElementById("rr-author_name");
    var nameProblem = any && !name.value.trim() ? msg.nameMissing : "";
    setError("rr-author_name", nameProblem);
    note(name, nameProblem);
    setError("rr-form", any ? "" : msg.nothingFilled);
    note(form.querySelector("input[type=radio]"), !any);
    return { count: count, first: first };
  }
  form.addEventListener("submit", function (event) {
    tried = true;
    var result = check();
    if (result.count > 0) {
      event.preventDefault();
      if (result.first) result.first.focus();
      return;
    }
    var button = form.querySelector("[data-rr-submit]");
    button.disabled = true;
    button.textContent = msg.sending;
  });
  form.addEventListener("input", function () { if (tried) check(); });
  form.querySelectorAll("[data-rr-stars]").forEach(function (group) {
    var word = group.querySelector("[data-rr-word]");
    group.addEventListener("change", function (event) {
      if (word) word.textContent = msg.words[Number(event.target.value) - 1] || "";
    });
  });
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    var list = document.getElementById(input.id + "-previews");
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files);
      var problem = photoProblem(files);
      setError(input.id, problem);
      list.textContent = "";
      if (problem) { input.value = ""; return; }
      files.forEach(function (file) {
        var item = document.createElement("li");
        var image = document.createElement("img");
        image.src = URL.createObjectURL(file);
        image.alt = msg.photo + ": " + file.name;
        item.appendChild(image);
        list.appendChild(item);
      });
    });
  });
})();
`;
