// <free-shipping-bar>: keeps the free-shipping message and progress current without a page load.
// The Liquid block renders the first state and passes the threshold (cents, cart currency) and the
// shopper's messages in data attributes; here every Ajax cart change re-reads /cart.js: a request
// to /cart/add.js, change.js, update.js or clear.js (fetch or XMLHttpRequest, seen in the page's
// Resource Timing, so also one made before this deferred script arrived), or the theme's
// "cart:updated" event. A fixed bar (the app embed) can be closed for the session, takes the
// theme's background when the merchant chose none, and publishes its height for the space it
// reserves (snippets/free-shipping-style.liquid).
(() => {
  const NAME = 'free-shipping-bar';
  if (customElements.get(NAME)) return;
  const DISMISSED = 'rw-fsb-dismissed';
  const root = document.documentElement;
  const bars = new Set();
  let timer;

  const render = (cart) => bars.forEach((bar) => bar.update(cart));
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const [bar] = bars;
      if (!bar) return;
      fetch(bar.dataset.cart, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then((response) => (response.ok ? response.json() : null))
        .then((cart) => cart && render(cart))
        .catch(() => {});
    }, 30);
  };

  // A cart request that finished, and did not fail where the browser reports the status.
  const changedCart = (entry) =>
    (entry.initiatorType === 'fetch' || entry.initiatorType === 'xmlhttprequest') &&
    /\/cart\/(add|change|update|clear)(\.js)?(\?|$)/.test(entry.name) &&
    !(entry.responseStatus >= 400);
  // Buffered: the requests made since the page loaded count too, as a shopper may add to the
  // cart before this script arrives (it loads after the page).
  new PerformanceObserver((list) => list.getEntries().some(changedCart) && refresh()).observe({ type: 'resource', buffered: true });

  document.addEventListener('cart:updated', (event) => {
    const cart = event.detail && (event.detail.cart || event.detail);
    if (cart && typeof cart.total_price === 'number' && cart.currency) render(cart);
    else refresh();
  });

  // The first background up the tree that is not transparent: what the theme paints behind the page.
  const themeBackground = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const color = getComputedStyle(node).backgroundColor;
      if (color && color !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(color)) return color;
    }
    return '';
  };

  customElements.define(
    NAME,
    class extends HTMLElement {
      connectedCallback() {
        if (!this.classList.contains('rw-fsb--fixed')) return bars.add(this);
        // A cart block on the page takes the embed's place (hidden by CSS until now): one bar, one announcement.
        if (document.querySelector(`${NAME}.rw-fsb--inline`)) return this.remove();
        bars.add(this);
        const background = themeBackground(this);
        if (background) this.style.setProperty('--rw-fsb-theme-bg', background);
        // Exact (a fraction of a pixel off would move the page); the CSS minimum unless a long message wraps.
        this.sizes = new ResizeObserver(() => {
          const { height } = this.getBoundingClientRect();
          if (height) root.style.setProperty('--rw-fsb-height', `${height}px`);
        });
        this.sizes.observe(this);
        this.querySelector('[data-fsb-dismiss]').addEventListener('click', () => this.dismiss());
      }
      disconnectedCallback() {
        bars.delete(this);
        if (this.sizes) this.sizes.disconnect();
      }

      // Closed for the session (sessionStorage): the next pages mark <html> before the bar exists.
      dismiss() {
        try {
          sessionStorage.setItem(DISMISSED, '1');
        } catch {
          // Storage blocked: closed on this page only.
        }
        root.setAttribute('data-rw-fsb-dismissed', '');
        root.style.removeProperty('--rw-fsb-height');
        // The button is gone: focus goes to the main content, where the shopper was heading.
        const main = document.querySelector('main, [role=main]') || document.body;
        if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
        main.focus({ preventScroll: true });
      }

      update(cart) {
        const data = this.dataset;
        // The threshold was chosen for this currency; another one means the page is stale.
        this.hidden = cart.currency !== data.currency;
        if (this.hidden) return;
        const threshold = Number(data.threshold);
        const total = Number(cart.total_price) || 0;
        const remaining = Math.max(threshold - total, 0);
        const percent = Math.min(100, Math.floor((total * 100) / threshold));
        // Formatted like Liquid's `| money` did on first render: the shop's format for this currency,
        // learned from a sample amount (1234.56) rendered in Liquid.
        const [, pre, thousands, decimal, , post] = /^(.*?)1(\D?)234(?:(\D)(56))?(.*)$/s.exec(data.moneySample) || [];
        const money = (cents) =>
          pre === undefined
            ? new Intl.NumberFormat(root.lang || 'en', { style: 'currency', currency: cart.currency }).format(cents / 100)
            : pre +
              String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, thousands) +
              (decimal ? decimal + String(cents % 100).padStart(2, '0') : '') +
              post;
        const [template, amount] =
          total <= 0 ? [data.before, money(threshold)] : remaining > 0 ? [data.progress, money(remaining)] : [data.reached, ''];
        // The amount in its own span, as Liquid renders it; text nodes only, never HTML.
        const parts = template.split('{amount}').flatMap((text, index) => {
          if (index === 0) return [text];
          const span = document.createElement('span');
          span.className = 'rw-fsb__amount';
          span.textContent = amount;
          return [span, text];
        });
        const message = template.split('{amount}').join(amount);
        const progress = this.querySelector('[role=progressbar]');
        const live = this.querySelector('[data-fsb-live]');
        this.querySelector('[data-fsb-message]').replaceChildren(...parts);
        progress.setAttribute('aria-valuenow', percent);
        progress.setAttribute('aria-valuetext', message);
        progress.firstElementChild.style.width = `${percent}%`;
        // One announcement per change, from the first bar shown (a closed or hidden one has no boxes).
        const [first] = [...bars].filter((bar) => bar.getClientRects().length > 0);
        if (this === first && live.textContent !== message) live.textContent = message;
        this.toggleAttribute('data-reached-state', total > 0 && remaining === 0);
      }
    },
  );
})();
