// Progressive enhancement for the web reader; every page works without it.
(function () {
  'use strict';
  // "/" focuses the search box (unless typing in a field).
  document.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    var box = document.getElementById('hq');
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });
  // On a phone the outline starts folded so the text comes first.
  var outline = document.querySelector('.outline details');
  if (outline && window.matchMedia('(max-width: 820px)').matches) outline.removeAttribute('open');
  // Outline links move keyboard focus to the heading they jump to.
  document.querySelectorAll('.outline a[href^="#L"]').forEach(function (a) {
    a.addEventListener('click', function () {
      var el = document.getElementById(a.getAttribute('href').slice(1));
      if (!el) return;
      var blk = el.closest('.blk') || el;
      blk.setAttribute('tabindex', '-1');
      setTimeout(function () { blk.focus({ preventScroll: true }); }, 0);
    });
  });
})();
