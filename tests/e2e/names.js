// The served page (dist/, scripts/build-site.mjs) names its files with a content hash before
// the extension (data/routes.3fa2c1d9e0.geojson); the tests name them as www/ does.

const HASH = /\.[0-9a-f]{8,}(?=\.[^./]+$)/;

/// `path` with its content hash taken out: '/data/routes.3fa2c1d9e0.geojson' -> '/data/routes.geojson'.
export const unhashed = (path) => path.replace(HASH, '');

/// A page.route() matcher for a file as www/ names it, under either name: `name` is a path
/// ending the URL ('data/routes.geojson') or a RegExp tried on the URL's unhashed path.
export const shipped = (name) => (url) => {
  const path = unhashed(url.pathname);
  return typeof name === 'string' ? path.endsWith(`/${name}`) : name.test(path);
};
