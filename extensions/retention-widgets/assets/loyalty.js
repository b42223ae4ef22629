// <loyalty-rewards>: sends the block's forms (redeem, birthday, referral) to the app proxy with fetch
// and shows the answer in the live region: a code with "Apply to cart" and "Copy", or a referral link.
// Text from the server only ever goes into textContent and attributes, never parsed as HTML.
class LoyaltyRewards extends HTMLElement {
  connectedCallback() {
    this.addEventListener('submit', (event) => this.send(event));
    this.addEventListener('click', (event) => {
      const button = event.target.closest('[data-copy]');
      if (!button) return;
      navigator.clipboard?.writeText(button.dataset.copy).then(
        () => (button.textContent = this.dataset.copied),
        () => {}, // No clipboard access: the code is on screen to copy by hand.
      );
    });
  }

  async send(event) {
    event.preventDefault();
    const form = event.target;
    const d = this.dataset;
    const out = this.querySelector('[data-status]');
    const button = form.querySelector('[type=submit]');
    button.disabled = true;
    out.textContent = d.sending;
    let res;
    let body = {};
    try {
      res = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' } });
      body = await res.json();
    } catch {
      // Network failure or a non-JSON answer: the generic error below covers both.
    }
    button.disabled = false;
    if (!res?.ok) {
      out.textContent = d[String(body.reason).replace(/_(.)/g, (_, c) => c.toUpperCase())] || body.error || d.error;
      return;
    }
    if (!body.code && !body.url) {
      form.hidden = true; // The birthday is saved: the form is done.
      out.textContent = d.saved;
      return;
    }
    // A redemption answers with a code to apply; a referral with a link to share.
    const value = body.apply_url ? body.code : body.url;
    const result = this.querySelector('[data-template]').content.cloneNode(true);
    const part = (name) => result.querySelector(`[data-${name}]`);
    part('label').textContent = body.apply_url ? d.codeLabel : d.referralLabel;
    part('value').textContent = value;
    part('copy').dataset.copy = value;
    if (body.apply_url) part('apply').href = `${body.apply_url}?redirect=%2Fcart`;
    else {
      part('apply').remove();
      part('code-note').remove();
    }
    out.replaceChildren(result);
    if (typeof body.balance !== 'number') return;
    for (const el of document.querySelectorAll('[data-loyalty-balance]')) el.textContent = body.balance;
    for (const redeem of this.querySelectorAll('[data-cost]')) {
      const short = +redeem.dataset.cost > body.balance;
      const needed = redeem.querySelector('[data-needed]');
      redeem.querySelector('[type=submit]').disabled = short;
      if (short) needed.textContent = d.notEnoughPoints; // The counts rendered with the page are out of date.
      needed.hidden = !short;
    }
  }
}

if (!customElements.get('loyalty-rewards')) customElements.define('loyalty-rewards', LoyaltyRewards);
