// Behaviour every page shares, kept out of the HTML so that the pages run under a strict CSP.
document.addEventListener('DOMContentLoaded', function () {
  // A filter list that applies itself when a choice is made (the form's button is for no-JS).
  document.querySelectorAll('select[data-autosubmit]').forEach(function (el) {
    el.addEventListener('change', function () { el.form.submit(); });
  });
});
