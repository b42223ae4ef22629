import { describe, expect, it } from "vitest";
import { allReviewedPage, reviewFormPage, reviewLinkProblemPage, reviewThanksPage } from "./review-landing";
import type { ReviewPageState } from "./review-page.server";

const SOAP = { id: "gid://shopify/Product/11", index: 0, title: "Olive Oil Soap", imageUrl: "https://cdn.example/soap.png", rating: null };
const MUG = { id: "gid://shopify/Product/12", index: 1, title: "Ceramic <Mug> {{ shop.secret }}", imageUrl: null, rating: null };
const state: ReviewPageState = {
  order: { name: "#1001", customerFirstName: "Alex", customerLocale: "en" },
  open: [SOAP, MUG],
  reviewed: [],
};
const checked = (html: string) => [...html.matchAll(/name="(reviews\[\d\]\.rating)" value="(\d)" checked>/g)].map((m) => `${m[1]}=${m[2]}`);

describe("reviewFormPage", () => {
  it("lists each product with its image, an accessible star group and its fields, the name pre-filled", () => {
    const html = reviewFormPage({ locale: "en", token: "tok", state });
    expect(html).toContain('<img class="rr-thumb" src="https://cdn.example/soap.png" alt=""');
    expect(html.match(/type="radio" name="reviews\[0\]\.rating"/g)).toHaveLength(5);
    expect(html).toContain('<span class="rr-vh">4 stars</span>');
    expect(html).toContain("<legend>Your rating</legend>");
    expect(html).toContain('name="reviews[1].photos" type="file" accept="image/jpeg,image/png,image/webp" multiple');
    expect(html).toContain("Up to 5 photos, JPEG, PNG or WebP, 5 MB each.");
    expect(html).toContain('name="author_name" maxlength="60" autocomplete="name" value="Alex"');
    expect(html).toContain(">Submit reviews</button>");
    expect(checked(html)).toEqual([]);
    // No action: the form posts back to the address it was opened at, whatever the shop's proxy path.
    expect(html).toMatch(/<form method="post" enctype="multipart\/form-data" data-rr-form/);
  });

  it("pre-fills the rating clicked in the email and puts that product first", () => {
    const html = reviewFormPage({ locale: "en", token: "tok", state, prefill: { productId: MUG.id, rating: 4 } });
    expect(checked(html)).toEqual(["reviews[1].rating=4"]);
    expect(html.indexOf("Ceramic")).toBeLessThan(html.indexOf("Olive Oil Soap"));
    expect(html).toContain(">Very good</span>");
  });

  it("keeps what was typed over the email's rating, with each error next to its field and summed up at the top", () => {
    const html = reviewFormPage({
      locale: "en",
      token: "tok",
      state,
      prefill: { productId: MUG.id, rating: 4 },
      values: { "reviews[1].rating": "2", "reviews[0].body": "Nice </textarea><script>x()</script>", author_name: "Maria" },
      errors: { "reviews[0].body": ["Write at least 10 characters."], "reviews[0].rating": ["Choose a rating from 1 to 5 stars."] },
      photosChosen: true,
    });
    expect(checked(html)).toEqual(["reviews[1].rating=2"]);
    expect(html).toContain("Nice &lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;</textarea>");
    expect(html).toContain('id="rr-reviews-0-body" name="reviews[0].body"');
    expect(html).toMatch(/aria-describedby="rr-reviews-0-body-hint rr-reviews-0-body-error" aria-invalid="true"/);
    expect(html).toContain('<p class="rr-error" id="rr-reviews-0-body-error">Write at least 10 characters.</p>');
    expect(html).toContain('<p class="rr-error" id="rr-reviews-1-body-error" hidden></p>');
    expect(html).toContain("Please fix 2 problems below.");
    expect(html).toContain('<a href="#rr-reviews-0-rating">Choose a rating from 1 to 5 stars.</a>');
    expect(html).toContain('value="Maria"');
    expect(html).toContain("Your photos were not sent: please choose them again.");
  });

  it("escapes product titles and keeps them inert as Liquid", () => {
    const html = reviewFormPage({ locale: "en", token: "tok", state });
    expect(html).toContain("Ceramic &lt;Mug&gt; &#123;&#123; shop.secret &#125;&#125;");
    expect(html).not.toContain("{{ shop.secret }}");
  });

  it("speaks Greek, and names the products already reviewed", () => {
    const html = reviewFormPage({ locale: "el", token: "tok", state: { ...state, open: [MUG], reviewed: [SOAP] } });
    expect(html).toContain('lang="el"');
    expect(html).toContain("Πώς τα πήγαμε;");
    expect(html).toContain('<span class="rr-vh">1 αστέρι</span>');
    expect(html).toContain("Έχετε ήδη αξιολογήσει: Olive Oil Soap.");
    expect(html).toContain(">Υποβολή κριτικής</button>");
    expect(html).not.toContain('name="reviews[0]');
  });
});

describe("the pages around the form", () => {
  it("thanks with what was submitted, and offers the rest of the order", () => {
    const html = reviewThanksPage({
      locale: "en",
      token: "a.b",
      submitted: [{ productId: SOAP.id, rating: 4, title: "Lovely", status: "pending", photoCount: 2, product: SOAP }],
      remaining: 1,
    });
    expect(html).toContain("Thank you for your review!");
    expect(html).toContain('role="img" aria-label="Rated 4 out of 5">★★★★☆</p>');
    expect(html).toContain("Will appear once the shop has read it");
    expect(html).toContain("2 photos");
    expect(html).toContain("1 more product from this order to review");
    expect(html).toContain('href="?token=a.b&amp;locale=en"');
  });

  it("says at once that everything is reviewed, and why a link does not work", () => {
    const reviewed = allReviewedPage("en", [{ ...SOAP, rating: 3 }]);
    expect(reviewed).toContain("You&#39;ve already reviewed this order");
    expect(reviewed).toContain('aria-label="Rated 3 out of 5">★★★☆☆</p>');
    expect(reviewLinkProblemPage("el", "expired")).toContain("Αυτός ο σύνδεσμος κριτικής έληξε");
    expect(reviewLinkProblemPage("en", "invalid")).toContain('href="{{ routes.root_url }}">Continue shopping</a>');
  });
});
