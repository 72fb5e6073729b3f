// Behaviour every page shares, kept out of the markup so that the security policy can forbid inline script.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
