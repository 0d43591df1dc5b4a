// The rule editor (programsweb.ruleEditor). As the analyst types, the form is sent to its
// check address (data-check) a moment after the last key, and each problem the server finds
// is shown under its field (data-error="cond.2.expr"), the rest cleared; the rule is not
// saved. The add and remove buttons add a blank row (a copy of the last, emptied) or take
// one away, and the rows are numbered again so that the n-th row's fields keep n in their
// keys. In an expression input (list="rule-names") the name being typed is completed: the
// list offers the expression with that name finished, from the names the page lists.
// Without JavaScript the form is checked when sent, and a blank row is the way to add one.
(() => {
  const form = document.getElementById('rule-form');
  if (!form) return;
  const status = document.getElementById('rule-check');
  const general = document.getElementById('rule-general');
  const list = document.getElementById('rule-names');
  const names = [...list.options].map((o) => o.value);
  const id = (prefix, key) => prefix + key.replaceAll('.', '-');

  const renumber = () => {
    form.querySelectorAll('[data-rows]').forEach((rows) => {
      [...rows.querySelectorAll('[data-row]')].forEach((row, i) => {
        row.querySelectorAll('[data-field]').forEach((el) => {
          const key = `${rows.dataset.rows}.${i}.${el.dataset.field.split('.').pop()}`;
          const field = el.closest('.field');
          el.dataset.field = key;
          el.id = id('f-', key);
          field.querySelector('label').htmlFor = el.id;
          const err = field.querySelector('[data-error]');
          if (err) {
            err.dataset.error = key;
            err.id = id('e-', key);
            el.setAttribute('aria-describedby', err.id);
          }
        });
      });
    });
  };

  const show = (errors, others) => {
    form.querySelectorAll('[data-error]').forEach((p) => {
      const msg = errors[p.dataset.error] || '';
      p.textContent = msg;
      p.hidden = !msg;
      p.closest('.field').classList.toggle('invalid', msg !== '');
      const input = document.getElementById(id('f-', p.dataset.error));
      if (input && msg) input.setAttribute('aria-invalid', 'true');
      else if (input) input.removeAttribute('aria-invalid');
    });
    general.replaceChildren(...others.map((m) => {
      const p = document.createElement('p');
      p.className = 'error';
      p.textContent = m;
      return p;
    }));
    status.textContent = Object.keys(errors).length + others.length > 0 ? status.dataset.bad : status.dataset.ok;
  };

  let timer;
  let sent = 0;
  const check = () => {
    const n = ++sent;
    fetch(form.dataset.check, { method: 'POST', body: new URLSearchParams(new FormData(form)) })
      .then((r) => r.json())
      .then((a) => { if (n === sent) show(a.errors || {}, a.general || []); })
      .catch(() => { /* offline or signed out: the form is still checked when sent */ });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  };
  form.addEventListener('input', later);
  form.addEventListener('change', later);

  const empty = (row) => {
    row.querySelectorAll('input').forEach((i) => { i.value = ''; i.removeAttribute('aria-invalid'); });
    row.querySelectorAll('select').forEach((s) => { s.selectedIndex = 0; });
    row.querySelectorAll('[data-error]').forEach((p) => { p.textContent = ''; p.hidden = true; });
    row.querySelectorAll('.field').forEach((f) => f.classList.remove('invalid'));
  };
  form.querySelectorAll('[data-add], [data-remove]').forEach((b) => { b.hidden = false; });
  form.addEventListener('click', (event) => {
    const add = event.target.closest('[data-add]');
    const remove = event.target.closest('[data-remove]');
    if (add) {
      const rows = form.querySelector(`[data-rows="${add.dataset.add}"]`);
      const all = rows.querySelectorAll('[data-row]');
      const copy = all[all.length - 1].cloneNode(true);
      empty(copy);
      rows.append(copy);
      renumber();
      copy.querySelector('input').focus();
    } else if (remove) {
      const row = remove.closest('[data-row]');
      if (row.parentElement.querySelectorAll('[data-row]').length > 1) row.remove();
      else empty(row);
      renumber();
      later();
    }
  });

  // complete offers, for the expression input, its text with the name at the cursor finished.
  const complete = (input) => {
    const at = input.selectionStart ?? input.value.length;
    const before = input.value.slice(0, at);
    const word = (before.match(/[A-Za-z_][\w.]*$/) || [''])[0];
    const head = before.slice(0, before.length - word.length);
    const tail = input.value.slice(at);
    const found = word === '' ? (input.value === '' ? names : []) : names.filter((n) => n.startsWith(word) && n !== word);
    list.replaceChildren(...found.map((n) => {
      const o = document.createElement('option');
      o.value = head + n + tail;
      o.label = n;
      return o;
    }));
  };
  form.addEventListener('input', (event) => {
    if (event.target.matches('input[list="rule-names"]')) complete(event.target);
  });
  form.addEventListener('focusin', (event) => {
    if (event.target.matches('input[list="rule-names"]')) complete(event.target);
  });
})();
