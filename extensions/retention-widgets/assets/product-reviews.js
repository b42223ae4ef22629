// <product-reviews>: sort, filter and "More reviews" through the app proxy, and the review form sent
// with fetch. Shopper text only ever goes into textContent and attributes, never parsed as HTML.
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
    this.page = 0;
    if (this.list) {
      this.ids = new Set([...this.list.children].map((li) => li.dataset.id));
      q('[data-controls]').hidden = false;
      this.more.hidden = this.ids.size >= +this.dataset.total;
      this.more.onclick = () => this.load();
      this.sort.onchange = this.rating.onchange = () => this.load(true);
    }
    const form = q('[data-form]');
    if (form) form.onsubmit = (e) => this.submit(e, form);
  }

  async load(reset) {
    const d = this.dataset;
    let page = reset ? 0 : this.page;
    let added = 0;
    let data;
    this.list.setAttribute('aria-busy', 'true');
    this.more.disabled = true;
    this.status.textContent = d.loading;
    try {
      do {
        const url = new URL(d.url, location.href);
        url.search = new URLSearchParams({ product_id: d.product, sort: this.sort.value, rating: this.rating.value, page: ++page });
        const res = await fetch(url, { headers: { Accept: 'application/json' } });
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
          added++;
        }
        // The first page may repeat the reviews rendered from the metafield: keep going.
      } while (!added && data.hasMore);
      this.page = page;
      this.more.hidden = !data.hasMore;
      this.note.hidden = this.ids.size > 0;
      this.status.textContent = '';
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
      const img = new Image(80, 80);
      img.src = photo.url;
      img.alt = photo.alt || this.dataset.photoAlt;
      img.loading = 'lazy';
      img.decoding = 'async';
      photos.append(document.createElement('li'));
      photos.lastChild.append(img);
    }
    photos.hidden = !photos.children.length;
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
      res = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' } });
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
