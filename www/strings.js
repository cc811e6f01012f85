// Every string of the page's own interface, by language. Route, place and source texts come
// from the geodata through the core; nothing here is a historical fact beyond the title's dates.
export const STRINGS = {
  en: {
    title: 'Supply Routes',
    subtitle: 'How Soviet aid reached China, 1937–1941',
    hint: 'Tap a route to see where it ran',
    legend: 'How the aid travelled',
    routesHeading: 'Routes',
    mode: { sea: 'By sea', rail: 'By rail', road: 'By road', air: 'By air' },
    close: 'Close',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    overview: 'Show all routes',
    inUse: 'In use',
    legs: 'Leg by leg',
    total: 'Total',
    drawn: 'drawn',
    published: 'published',
    closed: 'Why it ended',
    figures: 'Figures',
    sources: 'Sources',
    alsoHere: 'Other routes along this line',
    today: 'today',
    km: 'km',
    nm: 'nmi',
    loading: 'Loading the map…',
    loadError: 'The map could not be loaded.',
    retry: 'Try again',
    basemapError: 'The background map could not be loaded; the routes are still shown.',
    mapLabel: 'Map of the supply routes. The list of routes beside it offers the same choices.',
    selected: (name) => `${name} selected`,
    cleared: 'Selection closed',
    timeline: 'Timeline',
    dateSlider: 'Date shown on the map',
    play: 'Play the years',
    pause: 'Pause',
    allYears: 'all years',
    showAllYears: 'All years',
    eventsButton: 'Events',
    eventsHeading: 'Events',
    eventsHint: 'Choose an event to move the map to its date.',
    event: 'Event',
    figure: 'Figure',
    status: {
      open: (m) => `Open in ${m}.`,
      notYet: (m) => `Not yet open in ${m}.`,
      paused: (m) => `Closed for a time in ${m}.`,
      ended: (m) => `Cut by ${m}.`,
    },
    legCut: 'closed at this date',
    storyError: 'The timeline could not be loaded; the routes are still shown.',
  },
};

export const DEFAULT_LANGUAGE = 'en';

/// The strings for a language, falling back to English for anything missing.
export function strings(lang) {
  return { ...STRINGS[DEFAULT_LANGUAGE], ...(STRINGS[lang] ?? {}) };
}
