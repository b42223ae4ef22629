// The templates every shop starts with. Merchants edit copies of these in the admin; the
// HTML is a fragment placed inside the responsive layout (see layout.ts).
import type { EmailLocale, TemplateKind } from "./template-kinds";

export interface TemplateSource {
  subject: string;
  body: string;
}

const button = (href: string, label: string) =>
  `<p style="margin:24px 0"><a href="${href}" style="display:inline-block;background:#1a1a1a;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">${label}</a></p>`;

const survey = (question: string, low: string, high: string) => `{% if survey %}
<p style="margin:24px 0 8px;font-weight:600">${question}</p>
<p style="margin:0">{% for link in survey.links %}<a href="{{ link.url }}" style="display:inline-block;min-width:36px;margin:0 4px 4px 0;padding:8px 0;text-align:center;border:1px solid #d0d0d0;border-radius:6px;color:#1a1a1a;text-decoration:none;font-weight:600">{{ link.score }}</a>{% endfor %}</p>
<p style="margin:4px 0 0;color:#6b6b6b;font-size:13px">1 = ${low}, 5 = ${high}</p>
{% endif %}`;

// Each product with its image and five one-click stars: a star opens the review page with that
// rating chosen. The image is decorative (the title says what it is); the score in each star is
// for the text part and screen readers, invisible in the HTML. Tables and inline styles, as everywhere in emails (see render.ts's layout).
const productList = (rateLabel: string) => `{% for product in products %}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 12px;border:1px solid #e3e3e3;border-radius:8px">
<tr>
{% if product.image_url != blank %}<td width="96" style="width:96px;padding:12px 0 12px 12px;vertical-align:middle"><img src="{{ product.image_url }}" width="84" height="84" alt="" style="display:block;width:84px;height:84px;border:0;border-radius:6px;object-fit:cover"></td>{% endif %}
<td style="padding:12px 16px;vertical-align:middle">
<p style="margin:0 0 2px;font-weight:600"><a href="{{ product.review_url }}" style="color:#1a1a1a;text-decoration:none">{{ product.title }}</a></p>
<p style="margin:0 0 4px;color:#6b6b6b;font-size:13px">${rateLabel}</p>
<p style="margin:0">{% for rating in product.rating_urls %}<a href="{{ rating.url }}" title="{{ rating.score }}/5" style="display:inline-block;margin:0 2px 0 0;color:#e8a317;font-size:30px;line-height:34px;text-decoration:none">&#9733;<span style="font-size:0;line-height:0;mso-hide:all">&nbsp;{{ rating.score }}/5</span></a>{% endfor %}</p>
</td>
</tr>
</table>
{% endfor %}`;

export const DEFAULT_TEMPLATES: Record<TemplateKind, Record<EmailLocale, TemplateSource>> = {
  thank_you_first: {
    en: {
      subject: 'Thank you for your first order, {{ customer.first_name | default: "friend" }}!',
      body: `<h1 style="font-size:22px;margin:0 0 16px">Welcome to {{ shop.name }}!</h1>
<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>Thank you for your first order, {{ order.name }} ({{ order.total }}). We're getting it ready and will let you know when it's on its way.</p>
${survey("How was shopping with us?", "not good", "excellent")}
<p>With thanks,<br>{{ shop.name }}</p>`,
    },
    el: {
      subject: "Ευχαριστούμε για την πρώτη σας παραγγελία!",
      body: `<h1 style="font-size:22px;margin:0 0 16px">Καλώς ήρθατε στο {{ shop.name }}!</h1>
<p>Γεια σας{% if customer.first_name != blank %} {{ customer.first_name }}{% endif %},</p>
<p>Σας ευχαριστούμε για την πρώτη σας παραγγελία, {{ order.name }} ({{ order.total }}). Την ετοιμάζουμε και θα σας ενημερώσουμε μόλις αποσταλεί.</p>
${survey("Πώς ήταν η εμπειρία σας;", "κακή", "εξαιρετική")}
<p>Με εκτίμηση,<br>{{ shop.name }}</p>`,
    },
  },
  thank_you_returning: {
    en: {
      subject: 'Thanks for coming back, {{ customer.first_name | default: "friend" }}!',
      body: `<h1 style="font-size:22px;margin:0 0 16px">Great to see you again</h1>
<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>Thank you for shopping with {{ shop.name }} again. Your order {{ order.name }} ({{ order.total }}) is confirmed and we're getting it ready.</p>
${survey("How was shopping with us this time?", "not good", "excellent")}
<p>With thanks,<br>{{ shop.name }}</p>`,
    },
    el: {
      subject: "Ευχαριστούμε που μας προτιμήσατε ξανά!",
      body: `<h1 style="font-size:22px;margin:0 0 16px">Χαρά μας που σας ξαναβλέπουμε</h1>
<p>Γεια σας{% if customer.first_name != blank %} {{ customer.first_name }}{% endif %},</p>
<p>Σας ευχαριστούμε που ψωνίσατε ξανά από το {{ shop.name }}. Η παραγγελία σας {{ order.name }} ({{ order.total }}) επιβεβαιώθηκε και την ετοιμάζουμε.</p>
${survey("Πώς ήταν η εμπειρία σας αυτή τη φορά;", "κακή", "εξαιρετική")}
<p>Με εκτίμηση,<br>{{ shop.name }}</p>`,
    },
  },
  review_request: {
    en: {
      subject: "How are you finding your order {{ order.name }}?",
      body: `<h1 style="font-size:22px;margin:0 0 16px">How did we do?</h1>
<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>We hope you're enjoying your order from {{ shop.name }}. Would you take a minute to review what you bought? Your review helps other shoppers choose.</p>
${productList("Tap a star to rate it")}
${button("{{ review_url }}", "Write a review")}
<p>Thank you,<br>{{ shop.name }}</p>`,
    },
    el: {
      subject: "Πώς σας φάνηκε η παραγγελία {{ order.name }};",
      body: `<h1 style="font-size:22px;margin:0 0 16px">Πώς τα πήγαμε;</h1>
<p>Γεια σας{% if customer.first_name != blank %} {{ customer.first_name }}{% endif %},</p>
<p>Ελπίζουμε να απολαμβάνετε την παραγγελία σας από το {{ shop.name }}. Θα αφιερώνατε ένα λεπτό για να αξιολογήσετε όσα αγοράσατε; Η κριτική σας βοηθά άλλους αγοραστές.</p>
${productList("Πατήστε ένα αστέρι για να βαθμολογήσετε")}
${button("{{ review_url }}", "Γράψτε μια κριτική")}
<p>Σας ευχαριστούμε,<br>{{ shop.name }}</p>`,
    },
  },
  review_reminder: {
    en: {
      subject: "A quick reminder: review your order {{ order.name }}",
      body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>A short note in case our last email got buried: we'd love to hear what you think of</p>
${productList("Tap a star to rate it")}
${button("{{ review_url }}", "Write a review")}
<p>It only takes a minute. Thank you,<br>{{ shop.name }}</p>`,
    },
    el: {
      subject: "Μια υπενθύμιση: αξιολογήστε την παραγγελία {{ order.name }}",
      body: `<p>Γεια σας{% if customer.first_name != blank %} {{ customer.first_name }}{% endif %},</p>
<p>Ένα σύντομο μήνυμα σε περίπτωση που χάθηκε το προηγούμενο: θα θέλαμε πολύ τη γνώμη σας για</p>
${productList("Πατήστε ένα αστέρι για να βαθμολογήσετε")}
${button("{{ review_url }}", "Γράψτε μια κριτική")}
<p>Χρειάζεται μόνο ένα λεπτό. Σας ευχαριστούμε,<br>{{ shop.name }}</p>`,
    },
  },
  points_expiry: {
    en: {
      subject: "Your {{ points }} points expire on {{ expires_on }}",
      body: `<h1 style="font-size:22px;margin:0 0 16px">Your points are about to expire</h1>
<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>You have <strong>{{ points }} points</strong> at {{ shop.name }}. They expire on <strong>{{ expires_on }}</strong> unless you shop or redeem them before then.</p>
${button("{{ rewards_url }}", "Use my points")}
<p>See you soon,<br>{{ shop.name }}</p>`,
    },
    el: {
      subject: "Οι {{ points }} πόντοι σας λήγουν στις {{ expires_on }}",
      body: `<h1 style="font-size:22px;margin:0 0 16px">Οι πόντοι σας λήγουν σύντομα</h1>
<p>Γεια σας{% if customer.first_name != blank %} {{ customer.first_name }}{% endif %},</p>
<p>Έχετε <strong>{{ points }} πόντους</strong> στο {{ shop.name }}. Λήγουν στις <strong>{{ expires_on }}</strong>, εκτός αν κάνετε μια αγορά ή τους εξαργυρώσετε νωρίτερα.</p>
${button("{{ rewards_url }}", "Χρησιμοποιήστε τους πόντους σας")}
<p>Με εκτίμηση,<br>{{ shop.name }}</p>`,
    },
  },
  points_available: {
    en: {
      subject: "Your points are ready to spend: {{ points }} points at {{ shop.name }}",
      body: `<h1 style="font-size:22px;margin:0 0 16px">Your points are ready to spend</h1>
<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>The returns window for your order is over, so <strong>{{ released_points }} points</strong> have joined your balance. You now have <strong>{{ points }} points</strong> to spend on rewards.</p>
${button("{{ rewards_url }}", "See my rewards")}
<p>Thank you for shopping with us,<br>{{ shop.name }}</p>`,
    },
    el: {
      subject: "Οι πόντοι σας είναι διαθέσιμοι: {{ points }} πόντοι στο {{ shop.name }}",
      body: `<h1 style="font-size:22px;margin:0 0 16px">Οι πόντοι σας είναι έτοιμοι για χρήση</h1>
<p>Γεια σας{% if customer.first_name != blank %} {{ customer.first_name }}{% endif %},</p>
<p>Η περίοδος επιστροφών της παραγγελίας σας έληξε και <strong>{{ released_points }} πόντοι</strong> προστέθηκαν στο υπόλοιπό σας. Έχετε πλέον <strong>{{ points }} πόντους</strong> για ανταμοιβές.</p>
${button("{{ rewards_url }}", "Δείτε τις ανταμοιβές σας")}
<p>Σας ευχαριστούμε για την προτίμηση,<br>{{ shop.name }}</p>`,
    },
  },
};
