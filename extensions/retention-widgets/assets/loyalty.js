// <loyalty-rewards>: sends the block's forms (redeem, birthday, referral) to the app proxy with fetch.
// Spending points is confirmed first in a native <dialog> (focus kept inside, Escape cancels, focus
// returns to the button). A new code or store credit goes to the top of "My rewards", gets focus and is scrolled to the
// middle of the screen (clear of fixed bars), and a hidden live region announces it; messages and a
// referral link show in the visible live region. Text from the server only ever goes into textContent and attributes, never parsed as HTML.
class LoyaltyRewards extends HTMLElement {
  connectedCallback() {
    this.addEventListener('submit', (event) => {
      if (event.target.method !== 'dialog') this.submit(event);
    });
    this.addEventListener('click', (event) => {
      const button = event.target.closest('[data-copy]');
      if (!button) return;
      navigator.clipboard?.writeText(button.dataset.copy).then(
        () => {
          button.textContent = this.dataset.copied;
          this.announce(this.dataset.copied);
        },
        () => {}, // No clipboard access: the code is on screen to copy by hand.
      );
    });
  }

  status(text) {
    this.querySelector('[data-status]').textContent = text;
  }

  // For screen readers only: what the focused code card already shows.
  announce(text) {
    this.querySelector('[data-announce]').textContent = text;
  }

  submit(event) {
    event.preventDefault();
    const form = event.target;
    const dialog = this.querySelector('[data-dialog]');
    if (!form.dataset.confirm || !dialog?.showModal) return this.send(form);
    dialog.querySelector('[data-question]').textContent = form.dataset.confirm;
    dialog.querySelector('[data-note]').textContent = form.dataset.note || this.dataset.confirmNote;
    dialog.returnValue = '';
    dialog.onclose = () => dialog.returnValue === 'confirm' && this.send(form);
    dialog.showModal();
  }

  async send(form) {
    const d = this.dataset;
    const button = form.querySelector('[type=submit]');
    button.disabled = true;
    this.status(d.sending);
    let res;
    let body = {};
    try {
      res = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' } });
      body = await res.json();
    } catch {
      // Network failure or a non-JSON answer: the generic error below covers both.
    }
    button.disabled = false;
    if (!res?.ok) return this.status(d[String(body.reason).replace(/_(.)/g, (_, c) => c.toUpperCase())] || body.error || d.error);
    if (body.url) {
      // A referral link to share.
      const result = this.querySelector('[data-template]').content.cloneNode(true);
      result.querySelector('[data-value]').textContent = body.url;
      result.querySelector('[data-copy]').dataset.copy = body.url;
      return this.querySelector('[data-status]').replaceChildren(result);
    }
    if (body.store_credit) {
      const text = d.credited.replace('{amount}', `${body.store_credit.amount} ${body.store_credit.currency}`);
      this.addMine('credit', body.reward?.name || text, text, (part) => (part('value').textContent = text));
    } else if (body.code) {
      this.addMine('mine', body.reward?.name || body.code, d.codeReady.replace('{code}', body.code), (part) => {
        part('value').textContent = body.code;
        part('copy').dataset.copy = body.code;
        part('apply').href = `${body.apply_url}?redirect=%2Fcart`;
      });
    } else {
      form.hidden = true; // The birthday is saved: the form is done.
      return this.status(d.saved);
    }
    this.updateBalance(body.balance);
  }

  // A new reward from the [data-<template>-template], filled in by `fill`, at the top of "My rewards".
  addMine(template, name, announcement, fill) {
    const item = this.querySelector(`[data-${template}-template]`).content.firstElementChild.cloneNode(true);
    const part = (key) => item.querySelector(`[data-${key}]`);
    part('name').textContent = name;
    fill(part);
    this.querySelector('[data-mine]').prepend(item);
    this.querySelector('[data-mine-empty]').hidden = true;
    this.status('');
    this.announce(announcement);
    item.focus({ preventScroll: true });
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    item.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
  }

  updateBalance(balance) {
    if (typeof balance !== 'number') return;
    for (const el of document.querySelectorAll('[data-loyalty-balance]')) el.textContent = balance;
    for (const redeem of this.querySelectorAll('[data-cost]')) {
      const short = +redeem.dataset.cost > balance;
      const needed = redeem.querySelector('[data-needed]');
      redeem.querySelector('[type=submit]').disabled = short;
      if (short) needed.textContent = this.dataset.notEnoughPoints; // The counts rendered with the page are out of date.
      needed.hidden = !short;
    }
  }
}

if (!customElements.get('loyalty-rewards')) customElements.define('loyalty-rewards', LoyaltyRewards);
