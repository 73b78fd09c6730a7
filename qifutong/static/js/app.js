// Behaviour every page shares, kept out of the HTML so that the pages run under a strict CSP.
document.addEventListener('DOMContentLoaded', function () {
  // A filter list that applies itself when a choice is made (the form's button is for no-JS).
  document.querySelectorAll('select[data-autosubmit]').forEach(function (el) {
    el.addEventListener('change', function () { el.form.submit(); });
  });

  // The top bar: on a phone the menu button opens the navigation; a menu's heading opens its
  // menu on a tap (a tap does not give a button focus on every phone), anywhere else closes it.
  var bar = document.querySelector('.topbar');
  var toggle = document.querySelector('.navtoggle');
  if (bar && toggle) {
    bar.classList.add('js-nav');
    toggle.addEventListener('click', function () {
      var open = bar.classList.toggle('nav-open');
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
  }
  var groups = document.querySelectorAll('.navgroup');
  groups.forEach(function (group) {
    var head = group.querySelector('.navhead');
    head.addEventListener('click', function () {
      var open = !group.classList.contains('open');
      groups.forEach(function (g) { g.classList.remove('open'); });
      if (open) { group.classList.add('open'); }
      head.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
  });
  document.addEventListener('click', function (ev) {
    if (!ev.target.closest || !ev.target.closest('.navgroup')) {
      groups.forEach(function (g) { g.classList.remove('open'); });
    }
  });
});
