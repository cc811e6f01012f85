// The parts of the map a link restores, kept in the URL hash (#date=1938-11&route=burma-road),
// so that a copied link or a kiosk's QR code reopens the same view.

export function readHash() {
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
}

/// Sets (or, with null, removes) keys of the hash. With `push`, the change gets its own history
/// entry (Back undoes it: a route chosen, a language switched); otherwise it replaces the
/// current one (the view while panning, the date while playing).
export function writeHash(changes, { push = false } = {}) {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [key, value] of Object.entries(changes)) {
    if (value == null) params.delete(key);
    else params.set(key, value);
  }
  const hash = params.toString().replace(/%2C/g, ','); // commas stay readable in views
  const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
  if (url === `${location.pathname}${location.search}${location.hash}`) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(history.state, '', url);
}
