// Search as you type. The index (index.js, window.SBCC_INDEX) is loaded on
// first use, so pages stay light: each entry is [name, page, folded text,
// place]. Folding matches the Go side's (sbcc/index.Fold): lower case, marks
// removed, ł→l, ß→ss, ø→o, æ→ae.
(function () {
  var input = document.getElementById('q'), out = document.getElementById('results');
  if (!input || !out) return;
  var special = { 'ł': 'l', 'ß': 'ss', 'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i' };
  function fold(s) {
    return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[łßøæœđðþı]/g, function (c) { return special[c]; });
  }
  var body = document.body, base = body.getAttribute('data-base') || '', empty = out.getAttribute('data-empty') || '';
  var loading = false;
  function load() {
    if (window.SBCC_INDEX || loading) return;
    loading = true;
    var s = document.createElement('script');
    s.src = (body.getAttribute('data-root') || '') + 'index.js';
    s.onload = run;
    document.head.appendChild(s);
  }
  function run() {
    var data = window.SBCC_INDEX;
    if (!data) return load();
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    out.textContent = '';
    if (!words.length) return;
    var shown = 0;
    for (var i = 0; i < data.length && shown < 30; i++) {
      var e = data[i], ok = true;
      for (var j = 0; j < words.length; j++) if (e[2].indexOf(words[j]) < 0) { ok = false; break; }
      if (!ok) continue;
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = base + e[1];
      a.textContent = e[0];
      li.appendChild(a);
      if (e[3]) li.appendChild(document.createTextNode(' — ' + e[3]));
      out.appendChild(li);
      shown++;
    }
    if (!shown) { var li = document.createElement('li'); li.textContent = empty; out.appendChild(li); }
  }
  input.addEventListener('focus', load);
  input.addEventListener('input', run);
})();
