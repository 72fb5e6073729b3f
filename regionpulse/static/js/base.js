// Behaviour every page shares, kept out of the markup so that the security policy can forbid inline script.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});

// On a phone the header's links are one row that scrolls sideways: bring the current page's into view.
document.addEventListener("DOMContentLoaded", () => {
  const nav = document.querySelector(".nav");
  const active = nav && nav.querySelector("a.active");
  if (active && nav.scrollWidth > nav.clientWidth) {
    nav.scrollLeft = active.offsetLeft - (nav.clientWidth - active.offsetWidth) / 2;
  }
});
