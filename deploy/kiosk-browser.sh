#!/bin/bash
# Opens the map in Chromium's kiosk mode once the server answers, and opens it again if the
# browser ever exits or crashes (README, "Running it on a kiosk"). Run it from the kiosk user's
# session autostart: deploy/supply-routes-kiosk.desktop.
URL=${SUPPLY_ROUTES_URL:-http://127.0.0.1:8080/?kiosk}
HOSTPORT=${URL#*://}; HOSTPORT=${HOSTPORT%%/*}
HOST=${HOSTPORT%%:*}; PORT=${HOSTPORT##*:}; [ "$PORT" = "$HOST" ] && PORT=80
CHROMIUM=${CHROMIUM:-chromium}
# A profile of its own that outlives the browser, so that the visit statistics still queued in
# IndexedDB survive a browser crash or restart (--incognito kept them in memory only).
PROFILE=${SUPPLY_ROUTES_PROFILE:-$HOME/.local/share/supply-routes-browser}

# Wait for the server: a browser started too early would show its own error page, not the map.
until (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; do sleep 1; done

while true; do
  "$CHROMIUM" --kiosk --user-data-dir="$PROFILE" --hide-crash-restore-bubble --noerrdialogs --disable-infobars --no-first-run \
    --disable-pinch --overscroll-history-navigation=0 --disable-features=Translate,TranslateUI \
    --check-for-update-interval=31536000 \
    --disable-background-networking --disable-component-update --disable-sync \
    "$@" "$URL"
  sleep 2
done
