// The status box over the map: "loading", a notice that part of the map is missing, or a
// failure with a button to try again.

const $ = (id) => document.getElementById(id);

/// Shows `message`; `retry` {label, action} adds a button, `notice` marks it as a lesser problem.
export function showStatus(message, { retry = null, notice = false } = {}) {
  const box = $('status');
  box.hidden = false;
  box.classList.toggle('notice', notice);
  $('status-text').textContent = message;
  const button = $('status-retry');
  button.hidden = !retry;
  if (retry) {
    button.textContent = retry.label;
    button.onclick = retry.action;
  }
}

export function hideStatus() {
  $('status').hidden = true;
}
