// The "Print" button of a print view (layout.PrintBar): the browser's print dialog, where the
// page's print stylesheet leaves out the navigation and lays the page on A4.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element && event.target.closest('[data-print]');
  if (button) window.print();
});
