// Asks before an irreversible action. A form with data-confirm="<one sentence saying what will
// happen>" is sent only after the user confirms that sentence in the page's dialog
// (#confirm-dialog, rendered by the layout in the user's language). Without JavaScript the
// form is sent as it is; the server's own checks (four eyes, states) still hold.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.dataset.confirmed) return;
  const dialog = document.getElementById('confirm-dialog');
  if (!dialog) return;
  event.preventDefault();
  const submitter = event.submitter;
  dialog.querySelector('.confirm-text').textContent = form.dataset.confirm;
  dialog.returnValue = '';
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'yes') return;
    form.dataset.confirmed = '1';
    form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
  }, { once: true });
  dialog.showModal();
  dialog.querySelector('button[value="no"]').focus();
});
