// The board's optional sound (queueweb.soundToggle): off by default; the toggle's state is
// kept in localStorage so that a board left on the wall keeps it across reloads. When the
// latest call on the board changes (htmx replaces #board every few seconds), a short
// two-tone chime is made with WebAudio — no audio file. Each chime played counts in
// body[data-chimes], which the browser test reads.
(() => {
  const KEY = 'dost.board.sound';
  const toggle = document.getElementById('sound-toggle');
  const board = document.getElementById('board');
  if (!toggle || !board) return;
  let audio = null;
  const on = () => localStorage.getItem(KEY) === 'on';
  const show = () => {
    toggle.setAttribute('aria-pressed', String(on()));
    toggle.textContent = on() ? toggle.dataset.on : toggle.dataset.off;
  };
  const latest = () => {
    const row = board.querySelector('tr.latest');
    return row ? row.textContent.trim() : '';
  };
  const chime = () => {
    try {
      audio = audio || new AudioContext();
      if (audio.state === 'suspended') audio.resume();
      const t = audio.currentTime;
      [[880, 0], [660, 0.18]].forEach(([freq, at]) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, t + at);
        gain.gain.exponentialRampToValueAtTime(0.3, t + at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.35);
        osc.connect(gain).connect(audio.destination);
        osc.start(t + at);
        osc.stop(t + at + 0.4);
      });
    } catch (e) { /* no audio device: the board still shows the call */ }
    document.body.dataset.chimes = String(Number(document.body.dataset.chimes || 0) + 1);
  };
  let last = latest();
  toggle.addEventListener('click', () => {
    localStorage.setItem(KEY, on() ? 'off' : 'on');
    show();
    if (on()) { audio = audio || new AudioContext(); audio.resume(); } // the click lets the page make sound
  });
  document.body.addEventListener('htmx:afterSwap', (event) => {
    if (event.target !== board) return;
    const now = latest();
    if (now !== last && now !== '' && on()) chime();
    last = now;
  });
  show();
})();
