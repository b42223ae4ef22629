// <product-reviews>: sort, filter, "More reviews", "Helpful" votes and what this shopper may write, through
// the app proxy; the photo lightbox; the form sent with fetch. Shopper text only goes into textContent.
const JSON_ONLY = { headers: { Accept: 'application/json' } };

class ProductReviews extends HTMLElement {
  connectedCallback() {
    const q = (s) => this.querySelector(s);
    this.list = q('[data-list]');
    this.more = q('[data-more]');
    this.sort = q('[data-sort]');
    this.rating = q('[data-rating]');
    this.tpl = q('[data-template]');
    this.note = q('[data-no-matches]');
    this.status = q('[data-list-status]');
    this.box = q('[data-lightbox]');
    this.cursor = '';
    if (this.list) {
      this.ids = new Set([...this.list.children].map((li) => li.dataset.id));
      q('[data-controls]').hidden = false;
      this.more.hidden = this.ids.size >= +this.dataset.total;
      this.more.onclick = () => this.load();
      this.sort.onchange = this.rating.onchange = () => this.load(true);
    }
    this.onclick = (e) => {
      const photo = e.target.closest('.rw-photo');
      if (photo) return this.open(photo);
      const vote = e.target.closest('[data-helpful]');
      if (vote) this.vote(vote);
    };
    if (this.box) this.lightbox();
    const form = q('[data-form]');
    if (form) form.onsubmit = (e) => this.submit(e, form);
    this.shopper([...(this.ids || [])], true);
  }

  proxy(path, params) {
    const url = new URL(this.dataset.url + path, location.href);
    url.search = new URLSearchParams(params);
    return url;
  }

  // What this shopper may write; live "Helpful" counts and their own votes for `ids`.
  async shopper(ids, first) {
    let state;
    try {
      const res = await fetch(this.proxy('/shopper', { product_id: this.dataset.product, ids }), {
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) return;
      state = await res.json();
    } catch {
      return;
    }
    if (first) {
      const show = (s, on) => {
        const el = this.querySelector(s);
        if (el) el.hidden = !on;
      };
      show('[data-write]', state.write === 'form');
      show('[data-login]', state.write === 'login');
      show('[data-already]', state.write === 'already_reviewed');
    }
    for (const li of this.list ? this.list.children : []) {
      const id = li.dataset.id;
      if (id in state.helpful) this.mark(li, state.helpful[id], state.voted.includes(id));
    }
  }

  mark(li, count, pressed) {
    const button = li.querySelector('[data-helpful]');
    const out = button.querySelector('[data-helpful-count]');
    if (pressed !== undefined) button.setAttribute('aria-pressed', pressed);
    out.textContent = `(${count})`;
    out.hidden = !count;
  }

  async vote(button) {
    const li = button.closest('li');
    const helpful = button.getAttribute('aria-pressed') !== 'true';
    button.disabled = true;
    try {
      const res = await fetch(this.proxy('/helpful'), {
        ...JSON_ONLY,
        method: 'POST',
        body: new URLSearchParams({ review_id: li.dataset.id, helpful }),
      });
      const body = await res.json();
      if (res.ok) this.mark(li, body.helpfulCount, body.helpful);
      else this.status.textContent = body.error || this.dataset.error;
    } catch {
      this.status.textContent = this.dataset.error;
    }
    button.disabled = false;
  }

  lightbox() {
    const box = this.box;
    box.onclick = (e) => {
      const step = e.target.closest('[data-lb-step]');
      if (step) this.show(this.at + +step.dataset.lbStep);
      else if (e.target === box || e.target.closest('[data-lb-close]')) box.close();
    };
    box.onkeydown = (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        this.show(this.at + (e.key === 'ArrowLeft' ? -1 : 1));
      } else if (e.key === 'Tab') {
        // Focus stays among the dialog's buttons.
        const buttons = [...box.querySelectorAll('button:not([hidden])')];
        const i = buttons.indexOf(document.activeElement);
        e.preventDefault();
        buttons[(i + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length].focus();
      }
    };
    box.onclose = () => this.opener && this.opener.focus();
  }

  open(button) {
    this.photos = [...button.closest('[data-photo-set]').querySelectorAll('.rw-photo')];
    this.opener = button;
    this.box.showModal();
    this.show(this.photos.indexOf(button));
    this.box.querySelector('[data-lb-close]').focus();
  }

  show(at) {
    const n = this.photos.length;
    this.at = (at + n) % n;
    const photo = this.photos[this.at];
    const img = this.box.querySelector('[data-lb-img]');
    img.src = photo.dataset.src;
    img.alt = photo.querySelector('img').alt;
    this.box.querySelector('[data-lb-caption]').textContent = photo.dataset.caption;
    this.box.querySelector('[data-lb-count]').textContent = this.dataset.photoCount.replace('[n]', this.at + 1).replace('[t]', n);
    for (const nav of this.box.querySelectorAll('[data-lb-step]')) nav.hidden = n < 2;
  }

  async load(reset) {
    const d = this.dataset;
    let cursor = reset ? '' : this.cursor;
    let added = [];
    let data;
    this.list.setAttribute('aria-busy', 'true');
    this.more.disabled = true;
    this.status.textContent = d.loading;
    try {
      do {
        const url = this.proxy('', { product_id: d.product, sort: this.sort.value, rating: this.rating.value, cursor });
        const res = await fetch(url, JSON_ONLY);
        if (!res.ok) throw res;
        data = await res.json();
        if (reset) {
          reset = false;
          this.list.replaceChildren();
          this.ids.clear();
        }
        for (const review of data.reviews) {
          if (this.ids.has(review.id)) continue;
          this.ids.add(review.id);
          this.list.append(this.item(review));
          added.push(review.id);
        }
        cursor = data.nextCursor;
        // The first page may repeat the reviews rendered from the metafield: keep going.
      } while (!added.length && cursor);
      this.cursor = cursor;
      this.more.hidden = !cursor;
      this.note.hidden = this.ids.size > 0;
      this.status.textContent = '';
      if (added.length) this.shopper(added);
    } catch {
      this.status.textContent = d.loadError;
    }
    this.list.removeAttribute('aria-busy');
    this.more.disabled = false;
  }

  item(review) {
    const li = this.tpl.content.firstElementChild.cloneNode(true);
    const part = (name) => li.querySelector(`[data-r="${name}"]`);
    const text = (name, value) => {
      const el = part(name);
      el.textContent = value || '';
      el.hidden = !value;
    };
    li.dataset.id = review.id;
    const stars = part('stars');
    stars.style.setProperty('--rw-fill', `${Math.min(review.rating, 5) * 20}%`);
    stars.setAttribute('aria-label', this.dataset.rated.replace('[r]', review.rating));
    text('title', review.title);
    text('author', review.authorName);
    text('body', review.body);
    text('reply-text', review.reply);
    part('reply').hidden = !review.reply;
    part('verified').hidden = !review.verified;
    const date = part('date');
    date.dateTime = review.createdAt;
    date.textContent = new Date(review.createdAt).toLocaleDateString(this.dataset.locale, { timeZone: 'UTC' });
    const photos = part('photos');
    for (const photo of (review.photos || []).slice(0, 5)) {
      const item = this.querySelector('[data-photo-template]').content.firstElementChild.cloneNode(true);
      const button = item.firstElementChild;
      const img = button.firstElementChild;
      button.dataset.src = photo.lightboxSrc;
      button.dataset.caption = review.authorName;
      img.srcset = photo.thumbnailSrcset;
      img.src = photo.thumbnailSrc;
      img.alt = photo.alt || this.dataset.photoAlt;
      photos.append(item);
    }
    photos.hidden = !photos.children.length;
    this.mark(li, review.helpfulCount || 0);
    return li;
  }

  async submit(event, form) {
    event.preventDefault();
    const d = this.dataset;
    const out = form.querySelector('[data-form-status]');
    const button = form.querySelector('[type=submit]');
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    button.disabled = true;
    out.textContent = d.sending;
    let res;
    let body = {};
    try {
      res = await fetch(form.action, { ...JSON_ONLY, method: 'POST', body: new FormData(form) });
      body = await res.json();
    } catch {
      // Network failure or a non-JSON answer: the generic error below covers both.
    }
    button.disabled = false;
    if (res && res.status === 201) {
      out.textContent = body.status === 'published' ? d.published : d.pending;
      form.reset();
      return;
    }
    out.textContent = body.error || d.error;
    const field = body.field && form.elements[body.field];
    if (field) {
      const fields = field.focus ? [field] : [...field];
      for (const el of fields) el.setAttribute('aria-invalid', 'true');
      fields[0].focus();
    }
  }
}

if (!customElements.get('product-reviews')) customElements.define('product-reviews', ProductReviews);
